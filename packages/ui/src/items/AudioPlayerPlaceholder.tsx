import type { MessageAudio } from "@aichatkit/types"
import type { Labels } from "../labels.js"
import { defaultVoiceLabels, type VoiceLabels } from "../voice-labels.js"

/** Props of {@link AudioPlayerPlaceholder}. */
export interface AudioPlayerPlaceholderProps {
  /** The message's audio: whether the player will be a button or a line of text. */
  audio: MessageAudio
  /** Strings to replace, as the player's (its width follows the text it will show). */
  labels?: Partial<Labels> | Partial<VoiceLabels> | undefined
}

/**
 * The box of a message's audio while the player's chunk loads: the player's own classes and
 * parts (a look-alike toggle and the duration, or the line saying it is a voice message), so
 * the message keeps its size when the player arrives instead of jumping under the reader.
 * Hidden from assistive technology and out of the tab order: the player itself says what the
 * audio is, once.
 */
export function AudioPlayerPlaceholder({ audio, labels }: AudioPlayerPlaceholderProps) {
  if (!audio.chunks?.length) {
    const text = { ...defaultVoiceLabels, ...labels }
    return (
      <div
        className="aichatkit-audio aichatkit-audio--recorded aichatkit-audio--loading"
        aria-hidden="true"
      >
        <span className="aichatkit-audio-icon" />
        <span className="aichatkit-audio-label">
          {audio.dropped ? text.audioNotKept : text.voiceMessage}
        </span>
      </div>
    )
  }
  return (
    <div className="aichatkit-audio aichatkit-audio--loading" aria-hidden="true">
      {/* Disabled, so never focusable: nothing to lose focus from when the player replaces it. */}
      <button
        type="button"
        className="aichatkit-button aichatkit-audio-toggle"
        disabled
        tabIndex={-1}
      >
        <span className="aichatkit-audio-icon" />
      </button>
      {audio.durationMs === undefined ? null : (
        <span className="aichatkit-audio-duration">{(audio.durationMs / 1000).toFixed(1)} s</span>
      )}
    </div>
  )
}
AudioPlayerPlaceholder.displayName = "AudioPlayerPlaceholder"
