/**
 * What running a turn takes, loaded with a dynamic import() when the adapter's first agent
 * starts rather than with the page: the user's turn (user-turn.ts) and the runs the client
 * opens (opened-run.ts: answers to tool calls, regenerations), the turn itself (frames to
 * ChatEvents, when it is over), and the host that ties a turn to its agent. `HAIPAdapter` holds
 * this module once it has loaded.
 */
import type { HAIPOutgoingMessage } from "@aichatkit/haip-client"
import type { ChatEvent } from "@aichatkit/types"
import type { Agent } from "./agent.js"
import { encodeRunCancel, encodeToolCancel } from "./encode.js"
import type { TurnHost } from "./turn.js"

export { regenerateRequest } from "@aichatkit/haip-client"
export { runOpened } from "./opened-run.js"
export { agentRegenerateProblem, startRegeneration } from "./regenerate.js"
export { encodeToolAnswer } from "./tool-answers.js"
export { AgentTurn } from "./turn.js"
export { runUserTurn } from "./user-turn.js"
export { voiceProblem } from "./voice.js"

/**
 * What a turn of `agent` needs: `emit` also folds each event into the agent's transcript;
 * `wire` sees the frames the turn sends (the adapter's wire tap).
 */
export function turnHost(
  agent: Agent,
  emit: (event: ChatEvent) => void,
  now: () => string,
  wire: (frame: HAIPOutgoingMessage) => void,
): TurnHost {
  const send = (frame: HAIPOutgoingMessage) => {
    wire(frame)
    agent.transaction.sendMessage(frame).catch(() => undefined)
  }
  return {
    emit: (event) => {
      agent.transcript.apply(event)
      emit(event)
    },
    now,
    cancelRun: (serverRunId) => send(encodeRunCancel(serverRunId)),
    cancelTool: (callId) => send(encodeToolCancel(callId)),
  }
}
