/**
 * The upload progress of the files of the message being sent, in whole percents by user item
 * and attachment id. Transient (never stored): a file goes when its upload completes, and all
 * of a conversation's when its turn ends, however it ends.
 */
import { type ChatDraft, createRecord, ownValue } from "./chat-draft.js"
import type { ChatState, ConversationState, StoreAction } from "./types.js"

/**
 * Keeps a file's percent. The same percent again changes nothing (an upload's dozens of
 * progress events a second are not dozens of renders); 100, or numbers that make none, drop it.
 */
export function progressUpload(
  draft: ChatDraft<ChatState>,
  conversation: ConversationState,
  action: Extract<StoreAction, { type: "upload-progressed" }>,
): void {
  const { conversationId, itemId, attachmentId } = action
  const percent = Math.floor((action.loaded / action.total) * 100)
  const files = ownValue(conversation.uploads, itemId)
  const current = ownValue(files, attachmentId)
  const uploading = percent >= 0 && percent < 100
  if (uploading ? current === percent : current === undefined) return
  const nextFiles = Object.assign(createRecord<number>(), files)
  if (uploading) nextFiles[attachmentId] = percent
  else delete nextFiles[attachmentId]
  const uploads = Object.assign(createRecord<Record<string, number>>(), conversation.uploads)
  if (Object.keys(nextFiles).length > 0) uploads[itemId] = nextFiles
  else delete uploads[itemId]
  draft.conversation(conversationId).uploads = uploads
}
