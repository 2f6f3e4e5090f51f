/**
 * A turn the user starts: their message (text, files or voice) goes out, and the server's answer
 * streams as the turn's events. Loaded with the turns (turns.ts).
 */
import type { HAIPClientImpl, HAIPOutgoingMessage } from "@aichatkit/haip-client"
import type { SendMessageOptions } from "@aichatkit/network-adapter"
import { ChatError, type ChatResponse } from "@aichatkit/types"
import type { Agent } from "./agent.js"
import { encodeUserMessage } from "./encode.js"
import { agentNotRunning, chatErrorFromHAIP } from "./errors.js"
import { prepareFiles } from "./files.js"
import type { OpenedRunHost } from "./opened-run.js"
import { endTurnOnSendFailure } from "./turn.js"
import type { HAIPAdapterOptions } from "./types.js"
import { sendVoice, voiceUnsupported } from "./voice.js"

/** What a user's turn needs from the adapter, beyond what a run it opens does. */
export interface UserTurnHost extends OpenedRunHost {
  /** The error the server refused the adapter with for good, if it did. */
  fatal(): ChatError | undefined
  readonly client: HAIPClientImpl
  readonly options: HAIPAdapterOptions
}

/** Sends the user's message and resolves with the server's answer; `options.signal` cancels it. */
export async function runUserTurn(
  host: UserTurnHost,
  agent: Agent,
  message: string,
  options: SendMessageOptions,
): Promise<ChatResponse> {
  if (!host.hasAgent(agent.id)) throw agentNotRunning(agent.id)
  const fatal = host.fatal()
  if (fatal) throw fatal
  if (options.signal?.aborted)
    throw new ChatError("CANCELLED", "The run was cancelled before it started.")
  await agent.ready
  const client = host.client
  if (client.phase === "closed" || client.phase === "idle") {
    throw new ChatError(
      "CONNECTION_LOST",
      "The connection to the HAIP server is closed; start a new agent to reconnect.",
      { retryable: true },
    )
  }
  // Read and uploaded before the turn starts: a refused file ends nothing that began.
  const files = options.attachments?.length
    ? await prepareFiles(options.attachments, host.options, client.serverInfo?.generation, options)
    : undefined
  if (options.signal?.aborted)
    throw new ChatError("CANCELLED", "The run was cancelled before it started.")
  const noVoice = options.audio && voiceUnsupported(client.serverInfo?.generation)
  if (noVoice) throw noVoice
  const wire = (frame: HAIPOutgoingMessage) => host.tapOut(frame, agent.id)
  const turn = host.newTurn(agent, wire)
  agent.turn = turn
  const onAbort = () => turn.cancel()
  options.signal?.addEventListener("abort", onAbort, { once: true })
  // The message could not be sent (the transaction or the connection is gone).
  const failed = (error: unknown) => endTurnOnSendFailure(turn, error)
  try {
    const audio = options.audio
    turn.start(message, audio && { mediaType: audio.mediaType }, files)
    if (audio) {
      // The recording streams while the turn runs: a cancel or an error ends the turn at once.
      sendVoice(agent.transaction, turn, audio, message, wire).then(
        (frameId) => (turn.messageFrameId = frameId),
        failed,
      )
    } else {
      const frame = encodeUserMessage(message, files)
      wire(frame)
      turn.messageFrameId = await agent.transaction.sendMessage(frame)
    }
    return await turn.response
  } catch (error) {
    failed(error)
    throw chatErrorFromHAIP(error)
  } finally {
    options.signal?.removeEventListener("abort", onAbort)
    if (agent.turn === turn) agent.turn = undefined
  }
}
