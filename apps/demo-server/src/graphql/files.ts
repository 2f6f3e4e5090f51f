/**
 * The user's files on the GraphQL wire: `continueChat`'s optional `files` argument (not in
 * Modus; the Apollo adapter's `attachments`, links its `upload` made, mapped by the app's
 * `continueChat` document). The user's item keeps them, so `regenerate` hands them to the agent
 * again, and the agent is told their names and media types.
 */
import type { MessageFile } from "@aichatkit/testing"
import type { Attachment, MessageItem } from "@aichatkit/types"

/** A file of `continueChat`'s `files`, as the schema's `FileLink` input types it. */
export interface FileLink {
  name: string
  mediaType: string
  url: string
}

/** The files as the user's item keeps them, ids `<item id>-<index>` (as a HAIP server names them). */
export function userAttachments(itemId: string, files: readonly FileLink[]): Attachment[] {
  return files.map(({ name, mediaType, url }, index) => ({
    id: `${itemId}-${index}`,
    name,
    mediaType,
    url,
  }))
}

/** What the agent is told of a user's item's files. */
export function agentFiles(item: Pick<MessageItem, "attachments">): MessageFile[] {
  return (item.attachments ?? []).map(({ name, mediaType }) => ({ name, mediaType }))
}
