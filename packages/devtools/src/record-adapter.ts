/**
 * Records a live session of any adapter: its ChatEvents, its raw wire traffic and the calls
 * that caused them, with timing, as a plain JSON object that `ReplayAdapter` (in
 * `@aichatkit/testing`) plays back. Recording is opt-in and redacts credentials (see redact.ts).
 */
import {
  type AdapterRecording,
  ALL_AGENTS,
  type NetworkAdapter,
  type RecordingEntry,
} from "@aichatkit/network-adapter"
import { toAdapterError } from "@aichatkit/types"
import { adapterName } from "./adapter-name.js"
import { type RedactRule, redactedCopy } from "./redact.js"

/** Options of {@link recordAdapter}. */
export interface RecordAdapterOptions {
  /** Names more values to redact, beside auth headers and tokens (always redacted). */
  redact?: RedactRule | undefined
  /** Whether to keep the raw wire traffic. Default true. */
  wire?: boolean | undefined
  /** The clock, in ms. Default `performance.now()`. */
  now?: (() => number) | undefined
}

/** A recording in progress. */
export interface AdapterRecorder {
  /** The entries so far (a live view; `stop()` gives the finished recording). */
  readonly entries: readonly RecordingEntry[]
  /** Stops recording, restores the adapter, and gives the recording. */
  stop(): AdapterRecording
}

type Calls = Pick<NetworkAdapter, "startChatAgent" | "sendMessage">

/**
 * Starts recording `adapter`. It listens to every agent's events and to the wire, and wraps
 * `startChatAgent` and `sendMessage` on this instance (restored by `stop()`).
 */
export function recordAdapter(
  adapter: NetworkAdapter,
  options: RecordAdapterOptions = {},
): AdapterRecorder {
  const now = options.now ?? (() => performance.now())
  const startedAt = now()
  const recordedAt = new Date().toISOString()
  const entries: RecordingEntry[] = []
  const at = () => Math.round((now() - startedAt) * 1000) / 1000
  const add = (entry: RecordingEntry) => entries.push(redactedCopy(entry, options.redact))

  const stopEvents = adapter.subscribe(ALL_AGENTS, (event) =>
    add({ at: at(), kind: "event", event }),
  )
  const stopWire =
    options.wire === false
      ? () => {}
      : adapter.observeWire((traffic) => add({ at: at(), kind: "wire", traffic }))
  const restore = wrapCalls(adapter, add, at)

  let recording: AdapterRecording | undefined
  return {
    entries,
    stop() {
      if (recording) return recording
      stopEvents()
      stopWire()
      restore()
      recording = {
        format: "aichatkit-recording",
        version: 1,
        adapter: adapterName(adapter),
        capabilities: { ...adapter.capabilities },
        recordedAt,
        entries,
      }
      return recording
    },
  }
}

/** Wraps the calls whose arguments and answers a replay needs; returns the undo. */
function wrapCalls(
  adapter: NetworkAdapter,
  add: (entry: RecordingEntry) => void,
  at: () => number,
): () => void {
  const original: Calls = {
    startChatAgent: adapter.startChatAgent,
    sendMessage: adapter.sendMessage,
  }
  let turns = 0
  const wrapped: Calls = {
    async startChatAgent() {
      const agentId = await original.startChatAgent.call(adapter)
      add({ at: at(), kind: "start", agentId })
      return agentId
    },
    async sendMessage(agentId, message, sendOptions) {
      turns += 1
      const turn = turns
      add({ at: at(), kind: "send", agentId, turn, message })
      try {
        const response = await original.sendMessage.call(adapter, agentId, message, sendOptions)
        add({ at: at(), kind: "answer", agentId, turn, response })
        return response
      } catch (error) {
        add({ at: at(), kind: "failure", agentId, turn, error: toAdapterError(error) })
        throw error
      }
    },
  }
  // Own properties shadow the class's methods on this instance only; deleting them restores it.
  Object.assign(adapter, wrapped)
  return () => {
    for (const name of Object.keys(wrapped)) Reflect.deleteProperty(adapter, name)
  }
}
