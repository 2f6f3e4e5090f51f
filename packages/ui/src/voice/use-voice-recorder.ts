/**
 * The microphone toggle's behaviour: asks for the microphone, records with `MediaRecorder` in
 * quarter-second chunks and sends them as one voice message while recording (the turn starts
 * at once), keeps the elapsed time and the level meter, and stops on a second press, when the
 * adapter stops taking the recording (cancelled, connection lost), or on unmount.
 */
import type { AudioToSend } from "@aichatkit/types"
import { useCallback, useEffect, useRef, useState } from "react"
import type { VoiceLabels } from "../voice-labels.js"
import { startLevelMeter } from "./level-meter.js"
import { createRecordingStream } from "./recording-stream.js"

/** Where the recorder is. */
export type VoicePhase = "idle" | "starting" | "recording"

/** How often the recorder hands over a chunk, in ms. */
const CHUNK_MS = 250
const PREFERRED_TYPES = ["audio/webm;codecs=opus", "audio/ogg;codecs=opus", "audio/mp4"]

interface Session {
  recorder: MediaRecorder
  /** Set when the user (not the turn) ended the recording. */
  stoppedByUser: boolean
}

function recordingType(): string | undefined {
  return PREFERRED_TYPES.find((type) => MediaRecorder.isTypeSupported(type))
}

/** The sentence for a microphone that could not be opened. */
export function microphoneProblem(error: unknown, labels: VoiceLabels): string {
  const name = error instanceof Error || error instanceof DOMException ? error.name : ""
  if (name === "NotAllowedError" || name === "SecurityError") return labels.microphoneDenied
  const reason = error instanceof Error ? error.message || name : String(error)
  return labels.microphoneUnavailable.replace("{reason}", reason || "no microphone")
}

/** Opens the microphone and a recorder on it; `undefined` and `setProblem` when it cannot. */
async function openRecorder(
  labels: VoiceLabels,
  setProblem: (problem: string) => void,
): Promise<{ stream: MediaStream; recorder: MediaRecorder } | undefined> {
  if (typeof MediaRecorder === "undefined" || !navigator.mediaDevices?.getUserMedia) {
    setProblem(labels.microphoneUnavailable.replace("{reason}", "this browser cannot record"))
    return undefined
  }
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true })
    const mimeType = recordingType()
    return { stream, recorder: new MediaRecorder(stream, mimeType ? { mimeType } : undefined) }
  } catch (error) {
    setProblem(microphoneProblem(error, labels))
    return undefined
  }
}

export interface VoiceRecorderOptions {
  /** Sends the voice message; settles when its turn is over. */
  send: (audio: AudioToSend) => Promise<unknown>
  labels: VoiceLabels
  /** The element whose `--aichatkit-voice-level` the meter sets. */
  meter: () => HTMLElement | null
}

export function useVoiceRecorder({ send, labels, meter }: VoiceRecorderOptions) {
  const [phase, setPhase] = useState<VoicePhase>("idle")
  const [startedAt, setStartedAt] = useState<number>()
  const [problem, setProblem] = useState<string>()
  /** The recording ended without the user stopping it (its turn ended or failed). */
  const [interrupted, setInterrupted] = useState(false)
  const session = useRef<Session | undefined>(undefined)

  const stop = useCallback((byUser: boolean) => {
    const current = session.current
    if (!current) return
    current.stoppedByUser = byUser
    if (current.recorder.state !== "inactive") current.recorder.stop()
  }, [])

  const start = useCallback(async () => {
    if (session.current) return
    setProblem(undefined)
    setInterrupted(false)
    setPhase("starting")
    const opened = await openRecorder(labels, setProblem)
    if (!opened) return setPhase("idle")
    const { stream, recorder } = opened
    const current: Session = { recorder, stoppedByUser: false }
    session.current = current
    const recording = createRecordingStream(() => stop(false))
    // Blobs become bytes in the order they were recorded.
    let bytes = Promise.resolve()
    recorder.ondataavailable = (event) => {
      if (event.data.size === 0) return
      bytes = bytes.then(() => event.data.arrayBuffer().then((chunk) => recording.push(chunk)))
    }
    const stopMeter = startLevelMeter(stream, meter)
    recorder.onstop = () => {
      bytes.then(() => recording.end())
      for (const track of stream.getTracks()) track.stop()
      stopMeter()
      if (session.current === current) session.current = undefined
      if (!current.stoppedByUser) setInterrupted(true)
      setPhase("idle")
      setStartedAt(undefined)
    }
    recorder.start(CHUNK_MS)
    setStartedAt(Date.now())
    setPhase("recording")
    const mediaType = recorder.mimeType || recordingType() || "audio/webm"
    // The turn over (answered, failed, refused) while still recording: stop.
    send({ mediaType, chunks: recording.chunks }).then(
      () => stop(false),
      (error: unknown) => {
        // Refused before it was sent (the store is unchanged): say why here.
        setProblem(error instanceof Error ? error.message : String(error))
        stop(false)
      },
    )
  }, [labels, meter, send, stop])

  // Unmounting stops the microphone; nothing keeps recording unseen.
  useEffect(() => () => stop(false), [stop])

  return { phase, startedAt, problem, interrupted, start, stop: () => stop(true) }
}
