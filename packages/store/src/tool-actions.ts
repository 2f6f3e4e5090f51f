/**
 * The controller's answer to a tool call that waits for the user's side: an approval or a
 * denial, or the output (or error) of a tool that runs in the browser. It checks everything
 * before the adapter hears of it, so a bad answer is a `ChatError` and the store is unchanged.
 */
import {
  ChatError,
  type ItemPatch,
  type ToolCallItem,
  type ToolCallResponse,
} from "@aichatkit/types"
import type { ControllerContext } from "./controller-context.js"
import { agentIdOf, isRunning } from "./controller-helpers.js"
import type { ChatController, ConversationState } from "./types.js"

export type ToolActions = Pick<ChatController, "respondToToolCall">

export function toolActions(context: ControllerContext): ToolActions {
  const { adapter } = context
  /** Tool call ids whose answer is on its way, so a second click is refused, not sent twice. */
  const answering = new Set<string>()
  return {
    async respondToToolCall(conversationId, toolCallId, response) {
      const conversation = context.conversationOrThrow(conversationId)
      const kind = responseKind(response)
      const item = findToolCall(conversation, toolCallId)
      if (!waitsFor(item, kind) || answering.has(toolCallId)) {
        throw new ChatError(
          "INVALID_INPUT",
          `The tool call "${item.toolCall.name}" no longer waits for this answer (it is ${item.toolCall.status}).`,
        )
      }
      if (adapter.capabilities.toolApproval !== true || !adapter.respondToToolCall) {
        throw new ChatError(
          "UNSUPPORTED",
          "This chat's connection cannot send answers to tool calls back to the agent.",
        )
      }
      const agentId = agentIdOf(conversation)
      answering.add(toolCallId)
      let stopped = false
      try {
        stopped = await followAnswer(context, conversation, (signal) =>
          adapter.respondToToolCall?.(agentId, toolCallId, response, { signal }),
        )
      } finally {
        answering.delete(toolCallId)
      }
      answered(context, conversation.id, agentId, item.id, response, stopped)
    },
  }
}

/**
 * Runs the adapter's answer as a turn runs: the conversation is `submitted` until the agent's
 * next run streams, and Stop (`cancel`) aborts the signal the adapter got. Resolves `true`
 * when the user stopped it (no error then), `false` when the adapter took the answer.
 */
async function followAnswer(
  context: ControllerContext,
  conversation: ConversationState,
  send: (signal: AbortSignal) => Promise<void> | undefined,
): Promise<boolean> {
  const { events, turns } = context
  const turn = turns.followAnswer(conversation.id)
  // The answer starts a run: listen again if the last one was stopped. Its failure offers no
  // Retry (`answer`): the answer was taken and its tool may have run.
  events.listen(conversation.id)
  if (!isRunning(conversation))
    context.dispatch({ type: "run-submitted", conversationId: conversation.id, answer: true })
  const ended = () => {
    const current = context.store.getState().conversations[conversation.id]
    if (current === undefined || !isRunning(current)) turns.releaseAnswer(conversation.id, turn)
  }
  try {
    await context.adapterCall(conversation, async () => {
      try {
        await send(turn.abort.signal)
        // An adapter that streams no events starts no run the store could follow: taking the
        // answer was all of it, and the conversation must not wait for a run that never comes.
        if (!context.adapter.capabilities.streaming && !turn.cancelled)
          context.dispatch({ type: "run-settled", conversationId: conversation.id })
      } catch (error) {
        if (turn.cancelled) return
        // The run never started, or ended without saying so: it is not running any more.
        context.dispatch({ type: "run-settled", conversationId: conversation.id })
        throw error
      }
    })
  } finally {
    ended()
  }
  return turn.cancelled
}

type ResponseKind = "approval" | "output"

function responseKind(response: unknown): ResponseKind {
  if (typeof response === "object" && response !== null) {
    if (Object.hasOwn(response, "approved")) {
      const { approved, reason } = response as { approved: unknown; reason?: unknown }
      if (typeof approved === "boolean" && (reason === undefined || typeof reason === "string"))
        return "approval"
    } else if (Object.hasOwn(response, "output")) {
      return "output"
    } else if (typeof (response as { error?: unknown }).error === "string") {
      return "output"
    }
  }
  throw new ChatError(
    "INVALID_INPUT",
    "A tool call's answer is { approved, reason? }, { output } or { error: string }.",
  )
}

function findToolCall(conversation: ConversationState, toolCallId: unknown): ToolCallItem {
  if (typeof toolCallId === "string") {
    for (const itemId of conversation.itemIds) {
      const item = conversation.items[itemId]
      if (item?.type === "tool_call" && item.toolCall.id === toolCallId) return item
    }
  }
  throw new ChatError(
    "NOT_FOUND",
    `There is no tool call "${String(toolCallId)}" in this conversation; it may have been cleared.`,
  )
}

function waitsFor(item: ToolCallItem, kind: ResponseKind): boolean {
  const { status } = item.toolCall
  if (kind === "approval") return status === "awaiting-approval"
  return status === "pending" || status === "executing"
}

/** The call as the answer leaves it, unless the agent's own events already moved it on. */
function answered(
  context: ControllerContext,
  conversationId: string,
  agentId: string,
  itemId: string,
  response: ToolCallResponse,
  stopped: boolean,
): void {
  const current = context.store.getState().conversations[conversationId]?.items[itemId]
  if (context.disposed || current?.type !== "tool_call") return
  let toolCall: ItemPatch["toolCall"]
  if ("approved" in response) {
    const approval =
      response.reason === undefined
        ? { approved: response.approved }
        : { approved: response.approved, reason: response.reason }
    const stillWaiting = current.toolCall.status === "awaiting-approval"
    // Stopped before the agent said what came of it: nothing runs any more.
    const status = response.approved && !stopped ? "executing" : "cancelled"
    toolCall = stillWaiting ? { approval, status } : { approval }
  } else if ("output" in response) {
    toolCall = { status: "completed", result: response.output }
  } else {
    toolCall = { status: "error", error: response.error }
  }
  context.dispatch({ type: "item-updated", agentId, itemId, patch: { toolCall } })
}
