import type { MessageAudio } from "@aichatkit/types"
import { forwardRef, useEffect, useRef, useState } from "react"
import { cx } from "../class-names.js"
import type { Labels } from "../labels.js"
import { AudioQueue, type PlaybackPhase } from "../voice/audio-queue.js"
import { defaultVoiceLabels, type VoiceLabels } from "../voice-labels.js"

/** Props of {@link AudioPlayer}. */
export interface AudioPlayerProps {
  /** The message's audio. */
  audio: MessageAudio
  /** Whether more chunks may still come. */
  streaming?: boolean | undefined
  /** Whether it starts playing by itself when it appears (an answer that arrives spoken). */
  autoplay?: boolean | undefined
  /** Names the audio, so one that has played does not start by itself again when remounted. */
  playbackKey?: string | undefined
  /** Strings to replace. */
  labels?: Partial<Labels> | Partial<VoiceLabels> | undefined
  /** Extra class on the player's root. */
  className?: string | undefined
}

/** Audio that has played to its end or that the user took over: it never starts by itself again. */
const playedKeys = new Set<string>()

/** The player's queue, made on first play (an AudioContext is opened only when audio plays). */
function usePlayback(
  audio: MessageAudio,
  streaming: boolean,
  startsItself: boolean,
  playbackKey: string | undefined,
) {
  const queue = useRef<AudioQueue | undefined>(undefined)
  const [phase, setPhase] = useState<PlaybackPhase>("idle")
  const chunks = audio.chunks ?? []
  const open = () => {
    if (queue.current && queue.current.phase !== "ended") return queue.current
    queue.current?.close()
    queue.current = new AudioQueue(setPhase)
    return queue.current
  }
  // Closing on unmount; StrictMode's rehearsal of it leaves no queue, so the next effect reopens.
  useEffect(
    () => () => {
      queue.current?.close()
      queue.current = undefined
    },
    [],
  )
  // An answer that arrives spoken plays as it arrives (until the user takes over).
  const autoplay = useRef(
    startsItself && (playbackKey === undefined || !playedKeys.has(playbackKey)),
  )
  useEffect(() => {
    if (phase === "ended" && playbackKey !== undefined) playedKeys.add(playbackKey)
  }, [phase, playbackKey])
  useEffect(() => {
    if (autoplay.current && !queue.current && typeof AudioContext !== "undefined") {
      void open().play()
    }
    queue.current?.offer(chunks, !streaming)
  })
  const toggle = () => {
    autoplay.current = false
    if (playbackKey !== undefined) playedKeys.add(playbackKey)
    if (phase === "playing") return void queue.current?.pause()
    const player = open()
    player.offer(chunks, !streaming)
    void player.play()
  }
  return { phase, toggle }
}

/**
 * A message's audio: a play/pause button that plays the chunks back to back as they arrive
 * (an answer still streaming starts by itself). A user's voice message, whose audio stays on
 * the device that recorded it, is labelled as one; audio that was not kept (a conversation
 * restored from storage) says so, with nothing to play. Its `data-state` says idle, playing,
 * paused, ended or failed.
 */
export const AudioPlayer = forwardRef<HTMLDivElement, AudioPlayerProps>(function AudioPlayer(
  { audio, streaming = false, autoplay = streaming, playbackKey, labels, className },
  ref,
) {
  const text = { ...defaultVoiceLabels, ...labels }
  const { phase, toggle } = usePlayback(audio, streaming, autoplay, playbackKey)
  if (!audio.chunks?.length) {
    return (
      <div ref={ref} className={cx("aichatkit-audio", "aichatkit-audio--recorded", className)}>
        <span className="aichatkit-audio-icon" aria-hidden="true" />
        <span className="aichatkit-audio-label">
          {audio.dropped ? text.audioNotKept : text.voiceMessage}
        </span>
      </div>
    )
  }
  const playing = phase === "playing"
  return (
    <div ref={ref} className={cx("aichatkit-audio", className)} data-state={phase}>
      <button
        type="button"
        className="aichatkit-button aichatkit-audio-toggle"
        aria-label={playing ? text.pauseAudio : text.playAudio}
        onClick={toggle}
        disabled={phase === "failed"}
      >
        <span
          className={cx("aichatkit-audio-icon", playing && "aichatkit-audio-icon--pause")}
          aria-hidden="true"
        />
      </button>
      {audio.durationMs === undefined ? null : (
        <span className="aichatkit-audio-duration">{(audio.durationMs / 1000).toFixed(1)} s</span>
      )}
      {phase === "failed" ? (
        <span className="aichatkit-audio-problem">{text.audioUnplayable}</span>
      ) : null}
    </div>
  )
})
AudioPlayer.displayName = "AudioPlayer"

export default AudioPlayer
