/** The controller's turns: send with an optimistic user item, cancel, retry the failed turn. */
import { type AudioToSend, ChatError, type MessageItem } from "@aichatkit/types"
import type { ControllerContext } from "./controller-context.js"
import { isRunning, titleFrom } from "./controller-helpers.js"
import { KeptRecording } from "./kept-recording.js"
import { checkOutgoing, localAttachments } from "./outgoing-attachments.js"
import { lastUserItemId } from "./turn-markers.js"
import type { ChatAction, ChatController, SendOptions } from "./types.js"

export type TurnActions = Pick<ChatController, "send" | "cancel" | "retry">

export function turnActions(context: ControllerContext): TurnActions {
  return {
    send: (text, sendOptions) => send(context, text, sendOptions),
    cancel: (conversationId) => cancel(context, conversationId),
    retry: (conversationId) => retry(context, conversationId),
  }
}

async function send(
  context: ControllerContext,
  text: string,
  sendOptions: SendOptions = {},
): Promise<void> {
  const { store, turns } = context
  const attachments = sendOptions?.attachments ?? []
  if (!Array.isArray(attachments)) {
    throw new ChatError("INVALID_INPUT", "attachments must be an array of files to send.")
  }
  checkOutgoing(attachments)
  const audio = sendOptions?.audio
  if (audio !== undefined) checkAudio(context, audio)
  // A file or a recording alone is a message; no text, no file and no recording is not.
  const alone = attachments.length > 0 || audio !== undefined
  if (typeof text !== "string" || (text.trim() === "" && !alone)) {
    throw new ChatError("INVALID_INPUT", "Type a message before sending.")
  }
  let conversationId = sendOptions?.conversationId
  // The first message opens a conversation here and now, its agent starting with the send:
  // an agent that cannot start fails the turn, and the message stays to be retried.
  if (conversationId === undefined && store.getState().activeConversationId === undefined) {
    conversationId = context.addConversation(titleFrom(text))
  }
  const conversation = context.conversationOrThrow(conversationId)
  if (isRunning(conversation)) {
    throw new ChatError(
      "INVALID_INPUT",
      "An answer is still arriving; wait for it or stop it first.",
    )
  }
  const item: MessageItem = {
    id: `local-${context.createId()}`,
    type: "message",
    role: "user",
    content: text,
    timestamp: context.now().toISOString(),
    ...(attachments.length > 0
      ? { attachments: localAttachments(attachments, context.createId) }
      : {}),
    ...(audio ? { audio: { mediaType: audio.mediaType } } : {}),
  }
  const actions: ChatAction[] = [
    { type: "run-submitted", conversationId: conversation.id },
    { type: "user-message-sent", conversationId: conversation.id, item },
  ]
  if (conversation.itemIds.length === 0 && conversation.title === context.defaultTitle) {
    actions.push({
      type: "conversation-renamed",
      conversationId: conversation.id,
      title: titleFrom(text),
    })
  }
  // The recording is read (and kept, for Retry) from here on, whatever the adapter does.
  const recording = audio && new KeptRecording(audio)
  await turns.run(conversation, text, actions, { attachments, recording })
}

/** A voice message needs an adapter that sends audio, an audio/* type and its chunks. */
function checkAudio(context: ControllerContext, audio: AudioToSend): void {
  if (context.adapter.capabilities.audio !== true) {
    throw new ChatError("UNSUPPORTED", "This chat cannot send voice messages; type the message.")
  }
  const chunks = typeof audio === "object" && audio !== null ? audio.chunks : undefined
  const iterable = typeof chunks === "object" && chunks !== null && Symbol.asyncIterator in chunks
  if (!iterable || typeof audio.mediaType !== "string" || !audio.mediaType.startsWith("audio/")) {
    throw new ChatError(
      "INVALID_INPUT",
      "A voice message needs an audio/* media type and its chunks as an async iterable.",
    )
  }
}

function cancel(context: ControllerContext, conversationId: string | undefined): void {
  const { events, turns, dispatch } = context
  const conversation = context.conversationOrThrow(conversationId)
  if (!isRunning(conversation) && !turns.has(conversation.id)) return
  events.ignore(conversation.id, conversation.run.runId)
  turns.stop(conversation.id)
  dispatch({ type: "run-cancelled", conversationId: conversation.id })
}

async function retry(
  context: ControllerContext,
  conversationId: string | undefined,
): Promise<void> {
  const conversation = context.conversationOrThrow(conversationId)
  const message = conversation.lastFailedMessage
  if (message === undefined || conversation.run.status !== "error") {
    throw new ChatError(
      "INVALID_INPUT",
      "There is no failed message to retry in this conversation.",
    )
  }
  // The same turn again: the failed attempt's items after the user's message go, the
  // message itself stays (and is not sent as a second copy).
  const userItemId = lastUserItemId(conversation)
  if (userItemId === undefined) {
    await send(context, message, { conversationId: conversation.id })
    return
  }
  const failedItemIds = conversation.itemIds.slice(conversation.itemIds.indexOf(userItemId) + 1)
  await context.turns.run(
    conversation,
    message,
    [
      ...failedItemIds.map(
        (itemId): ChatAction => ({ type: "item-removed", conversationId: conversation.id, itemId }),
      ),
      { type: "turn-retried", conversationId: conversation.id },
      { type: "run-submitted", conversationId: conversation.id },
    ],
    context.turns.failedPayload(conversation.id),
  )
}
