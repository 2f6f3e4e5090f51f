/** The controller's edits of a sent conversation: edit, regenerate, pick a branch, rate an answer. */
import type { MessageFeedback } from "@aichatkit/network-adapter"
import { ChatError, type MessageItem, toAdapterError } from "@aichatkit/types"
import { isInLastAnswer, selectBranchPosition } from "./branches.js"
import { ownValue } from "./chat-draft.js"
import type { ControllerContext } from "./controller-context.js"
import { isRunning } from "./controller-helpers.js"
import type { ChatController, ConversationState } from "./types.js"

export type BranchActions = Pick<
  ChatController,
  "editMessage" | "regenerate" | "selectBranch" | "giveFeedback"
>

interface Target {
  conversationId?: string
}

export function branchActions(context: ControllerContext): BranchActions {
  return {
    editMessage: (itemId, text, options) => editMessage(context, itemId, text, options),
    regenerate: (itemId, options) => regenerate(context, itemId, options),
    selectBranch: (itemId, index, options) => selectBranch(context, itemId, index, options),
    giveFeedback: (itemId, feedback, options) => giveFeedback(context, itemId, feedback, options),
  }
}

/** The conversation and the index of `itemId` on its shown path, or a ChatError. */
function locate(context: ControllerContext, itemId: unknown, options: Target = {}) {
  const conversation = context.conversationOrThrow(options?.conversationId)
  const item = typeof itemId === "string" ? ownValue(conversation.items, itemId) : undefined
  if (item === undefined) {
    throw new ChatError(
      "NOT_FOUND",
      `There is no item "${String(itemId)}" shown in this conversation; it may be on another branch.`,
    )
  }
  return { conversation, item, index: conversation.itemIds.indexOf(item.id) }
}

/** Branching needs an adapter that sends the chosen history, and no turn running. */
function checkCanBranch(context: ControllerContext, conversation: ConversationState): void {
  if (context.adapter.capabilities.branching !== true) {
    throw new ChatError(
      "UNSUPPORTED",
      "This adapter's server keeps the conversation itself, so messages cannot be edited or answers regenerated.",
    )
  }
  checkIdle(context, conversation)
}

function checkIdle(context: ControllerContext, conversation: ConversationState): void {
  if (isRunning(conversation) || context.turns.has(conversation.id)) {
    throw new ChatError(
      "INVALID_INPUT",
      "An answer is still arriving; wait for it or stop it first.",
    )
  }
}

/**
 * How an answer can be regenerated: with the history before it (`branching`), or,
 * where the server keeps the conversation, by asking it to answer again (`regenerateLast`), which
 * only the last answer can be.
 */
function regenerateMode(
  context: ControllerContext,
  conversation: ConversationState,
  itemId: string,
): "history" | "last" {
  const capabilities = context.adapter.capabilities
  if (capabilities.branching === true) {
    checkIdle(context, conversation)
    return "history"
  }
  if (capabilities.regenerateLast !== true) checkCanBranch(context, conversation)
  if (!isInLastAnswer(conversation, itemId)) {
    throw new ChatError(
      "INVALID_INPUT",
      "This server keeps the conversation, so only its last answer can be regenerated.",
    )
  }
  checkIdle(context, conversation)
  return "last"
}

async function editMessage(
  context: ControllerContext,
  itemId: string,
  text: string,
  options?: Target,
): Promise<void> {
  const { conversation, item, index } = locate(context, itemId, options)
  if (item.type !== "message" || item.role !== "user") {
    throw new ChatError("INVALID_INPUT", "Only the user's own messages can be edited.")
  }
  const files = item.attachments ?? []
  if (typeof text !== "string" || (text.trim() === "" && files.length === 0)) {
    throw new ChatError("INVALID_INPUT", "Type a message before sending.")
  }
  checkCanBranch(context, conversation)
  // The edited message keeps the original's files, sent again as a send sends them.
  const resent =
    files.length === 0
      ? undefined
      : await import("./resend-attachments.js").then((module) =>
          module.resendAttachments(context, files),
        )
  // Reading a file back took a moment: a turn may have started meanwhile.
  if (resent !== undefined) checkCanBranch(context, conversation)
  const edited: MessageItem = {
    id: `local-${context.createId()}`,
    type: "message",
    role: "user",
    content: text,
    timestamp: context.now().toISOString(),
    ...(resent === undefined ? {} : { attachments: resent.shown }),
  }
  await context.turns.run(
    conversation,
    text,
    [
      { type: "branch-forked", conversationId: conversation.id, at: index },
      { type: "run-submitted", conversationId: conversation.id },
      { type: "user-message-sent", conversationId: conversation.id, item: edited },
    ],
    { attachments: resent?.send ?? [] },
  )
}

async function regenerate(
  context: ControllerContext,
  itemId: string,
  options?: Target,
): Promise<void> {
  const { conversation, item, index } = locate(context, itemId, options)
  if (item.type === "message" && item.role === "user") {
    throw new ChatError("INVALID_INPUT", "Regenerate an answer; to change a message, edit it.")
  }
  let userIndex = index - 1
  for (; userIndex >= 0; userIndex--) {
    const before = ownValue(conversation.items, conversation.itemIds[userIndex] as string)
    if (before?.type === "message" && before.role === "user") break
  }
  const question = ownValue(conversation.items, conversation.itemIds[userIndex] ?? "")
  if (question?.type !== "message") {
    throw new ChatError(
      "INVALID_INPUT",
      "This answer follows no message of the user to answer again.",
    )
  }
  const mode = regenerateMode(context, conversation, item.id)
  // The user's message stays (before the branch) and waits to be matched by a server's echo.
  await context.turns.run(
    conversation,
    question.content,
    [
      { type: "branch-forked", conversationId: conversation.id, at: userIndex + 1 },
      { type: "turn-retried", conversationId: conversation.id },
      { type: "run-submitted", conversationId: conversation.id },
    ],
    { regenerate: mode === "last" },
  )
}

function selectBranch(
  context: ControllerContext,
  itemId: string,
  index: number,
  options?: Target,
): void {
  const { conversation } = locate(context, itemId, options)
  const position = selectBranchPosition(context.store.getState(), conversation.id, itemId)
  if (position === undefined || !Number.isInteger(index) || index < 0 || index >= position.count) {
    throw new ChatError(
      "NOT_FOUND",
      `There is no branch ${String(index)} at item "${itemId}"; pick one of the branches the picker shows.`,
    )
  }
  checkIdle(context, conversation)
  context.dispatch({
    type: "branch-selected",
    conversationId: conversation.id,
    at: position.at,
    index,
  })
}

async function giveFeedback(
  context: ControllerContext,
  itemId: string,
  feedback: MessageFeedback | null,
  options?: Target,
): Promise<void> {
  const { conversation } = locate(context, itemId, options)
  if (feedback !== "up" && feedback !== "down" && feedback !== null) {
    throw new ChatError("INVALID_INPUT", 'Feedback is "up", "down" or null.')
  }
  context.dispatch({ type: "feedback-given", conversationId: conversation.id, itemId, feedback })
  const { adapter } = context
  if (adapter.capabilities.feedback !== true || !adapter.sendFeedback) return
  if (conversation.agentId === undefined) return
  try {
    await adapter.sendFeedback(conversation.agentId, itemId, feedback)
  } catch (error) {
    context.report(toAdapterError(error, "UNKNOWN"))
  }
}
