import type { AudioToSend } from "@aichatkit/types"
import {
  forwardRef,
  type PointerEvent,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
} from "react"
import { cx } from "./class-names.js"
import { useChatContext } from "./context.js"
import { useChat } from "./hooks/store-hooks.js"
import { useVoiceRecorder } from "./voice/use-voice-recorder.js"
import { defaultVoiceLabels, type VoiceLabels } from "./voice-labels.js"

/** Props of {@link VoiceRecorder}. */
export interface VoiceRecorderProps {
  /** The conversation to send to (the active one, or a new one, by default). */
  conversationId?: string | undefined
  /** Whether a new recording cannot start (no connection, an answer still arriving). */
  disabled?: boolean | undefined
  /** Strings to replace (the chat's `labels` otherwise). */
  labels?: Partial<VoiceLabels> | undefined
  /** Extra class on the recorder's root. */
  className?: string | undefined
}

/** A press held this long (ms) records while held and stops on release. */
const HOLD_MS = 400

function formatElapsed(milliseconds: number): string {
  const seconds = Math.floor(milliseconds / 1000)
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`
}

/** Elapsed time since `startedAt`, ticking once a second while it is set. */
function useElapsed(startedAt: number | undefined): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (startedAt === undefined) return
    setNow(Date.now())
    const timer = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(timer)
  }, [startedAt])
  return startedAt === undefined ? 0 : Math.max(0, now - startedAt)
}

/**
 * The composer's microphone: a toggle (`aria-pressed`) that records a voice message and sends
 * it while it records; press again, or hold and release, to stop. Shows the level and the
 * elapsed time; a refused microphone or a lost connection is said in words beside it, and the
 * text typed in the composer is never touched.
 */
export const VoiceRecorder = forwardRef<HTMLDivElement, VoiceRecorderProps>(function VoiceRecorder(
  { conversationId, disabled = false, labels: overrides, className },
  ref,
) {
  const { controller, labels: chatLabels } = useChatContext()
  const labels = useMemo<VoiceLabels>(
    () => ({ ...defaultVoiceLabels, ...pickVoice(chatLabels), ...overrides }),
    [chatLabels, overrides],
  )
  const { error } = useChat(conversationId)
  const meterRef = useRef<HTMLSpanElement>(null)
  const send = useCallback(
    (audio: AudioToSend) =>
      controller.send("", conversationId === undefined ? { audio } : { conversationId, audio }),
    [controller, conversationId],
  )
  const meter = useCallback(() => meterRef.current, [])
  const recorder = useVoiceRecorder({ send, labels, meter })
  const recording = recorder.phase === "recording"
  const elapsed = useElapsed(recorder.startedAt)
  const press = useRef<{ at: number; started: boolean } | undefined>(undefined)
  const onPointerDown = (event: PointerEvent) => {
    if (event.button !== 0 || recorder.phase !== "idle" || disabled) return
    press.current = { at: Date.now(), started: true }
    void recorder.start()
  }
  const onPointerUp = () => {
    const held = press.current && Date.now() - press.current.at >= HOLD_MS
    if (held) recorder.stop()
    if (press.current) press.current = { ...press.current, started: !held }
  }
  const onClick = () => {
    // A pointer press already started (or, held, stopped) the recording: the click is its echo.
    if (press.current) {
      press.current = undefined
      return
    }
    if (recording) recorder.stop()
    else void recorder.start()
  }
  const failure =
    recorder.interrupted && error
      ? labels.recordingFailed.replace("{reason}", error.message)
      : undefined
  const message = recorder.problem ?? failure
  return (
    <div
      ref={ref}
      className={cx("aichatkit-voice", recording && "aichatkit-voice--recording", className)}
    >
      <button
        type="button"
        className="aichatkit-button aichatkit-voice-toggle"
        aria-pressed={recording}
        aria-label={labels.recordVoice}
        disabled={(disabled && !recording) || recorder.phase === "starting"}
        onPointerDown={onPointerDown}
        onPointerUp={onPointerUp}
        onClick={onClick}
      >
        <span className="aichatkit-voice-icon" aria-hidden="true" />
      </button>
      {recording ? (
        <span className="aichatkit-voice-status">
          <span ref={meterRef} className="aichatkit-voice-level" aria-hidden="true" />
          <span className="aichatkit-voice-elapsed">{formatElapsed(elapsed)}</span>
        </span>
      ) : null}
      <span className="aichatkit-visually-hidden" role="status">
        {recording ? labels.recordingStarted : ""}
      </span>
      {message ? (
        <p className="aichatkit-voice-problem" role="alert">
          {message}
        </p>
      ) : null}
    </div>
  )
})
VoiceRecorder.displayName = "VoiceRecorder"

/** The voice strings among the chat's labels (those it has). */
function pickVoice(labels: object): Partial<VoiceLabels> {
  const picked: Partial<VoiceLabels> = {}
  for (const key of Object.keys(defaultVoiceLabels) as (keyof VoiceLabels)[]) {
    if (Object.hasOwn(labels, key)) picked[key] = (labels as VoiceLabels)[key]
  }
  return picked
}

export default VoiceRecorder
