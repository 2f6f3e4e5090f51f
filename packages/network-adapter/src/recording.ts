/**
 * The shape of a recorded adapter session: what `recordAdapter` (in `@aichatkit/devtools`)
 * writes and `ReplayAdapter` (in `@aichatkit/testing`) plays back. Plain JSON, so a recording
 * is a file a test reads. It lives here, below both, so the two ends share one declaration.
 */
import type { AdapterError, ChatEvent, ChatResponse } from "@aichatkit/types"
import type { AdapterCapabilities, WireTraffic } from "./network-adapter.js"

/** A recorded session. `at` of each entry is milliseconds since the recording started. */
export interface AdapterRecording {
  format: "aichatkit-recording"
  version: 1
  /**
   * The recorded adapter's class name (`SSEAdapter`, `HAIPAdapter`, …), or "adapter" when a
   * minified build renamed its class.
   */
  adapter: string
  capabilities: AdapterCapabilities
  /** When it was recorded (ISO 8601). */
  recordedAt: string
  entries: RecordingEntry[]
}

/** One thing that happened while recording, in the order it happened. */
export type RecordingEntry =
  | { at: number; kind: "event"; event: ChatEvent }
  | { at: number; kind: "wire"; traffic: WireTraffic }
  | { at: number; kind: "start"; agentId: string }
  | { at: number; kind: "send"; agentId: string; turn: number; message: string }
  | { at: number; kind: "answer"; agentId: string; turn: number; response: ChatResponse }
  | { at: number; kind: "failure"; agentId: string; turn: number; error: AdapterError }

/** Whether `value` looks like a recording (a file read from disk, a fixture). */
export function isAdapterRecording(value: unknown): value is AdapterRecording {
  if (typeof value !== "object" || value === null) return false
  const record = value as Partial<AdapterRecording>
  return (
    record.format === "aichatkit-recording" && record.version === 1 && Array.isArray(record.entries)
  )
}
