/**
 * The strings of the voice parts (the composer's microphone button, a message's audio), kept
 * beside them so they load lazily with their words. Every one can be replaced through `labels`.
 */

/** The strings of `VoiceRecorder` and `AudioPlayer`. */
export interface VoiceLabels {
  /** The microphone toggle's accessible name (its state is `aria-pressed`). */
  recordVoice: string
  /** Said when recording starts. */
  recordingStarted: string
  /** Said when recording stops and the voice message is sent. */
  recordingSent: string
  /** The microphone was refused (by the user or the browser's settings). */
  microphoneDenied: string
  /** No microphone could be opened (`{reason}` is the browser's). */
  microphoneUnavailable: string
  /** The connection dropped while recording (`{reason}`). */
  recordingFailed: string
  /** The label of a voice message the user sent. */
  voiceMessage: string
  /** The play button of a message's audio. */
  playAudio: string
  /** The pause button of a message's audio. */
  pauseAudio: string
  /** A message's audio that the browser cannot decode. */
  audioUnplayable: string
  /** A message whose audio was not kept (a conversation restored after a reload keeps no audio). */
  audioNotKept: string
}

/** The English defaults. */
export const defaultVoiceLabels: VoiceLabels = {
  recordVoice: "Record a voice message",
  recordingStarted: "Recording",
  recordingSent: "Voice message sent",
  microphoneDenied:
    "The microphone is blocked. Allow it in the browser's site settings to send a voice message; you can still type.",
  microphoneUnavailable: "No microphone could be opened ({reason}). Type your message instead.",
  recordingFailed: "The recording stopped: {reason} What you typed is still here.",
  voiceMessage: "Voice message",
  playAudio: "Play audio",
  pauseAudio: "Pause audio",
  audioUnplayable: "This audio cannot be played in this browser.",
  audioNotKept: "Audio not kept",
}
