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

/** Most files one message may carry. */
export const MAX_FILES = 20
/** Longest link or name of a file, in characters (a link, not the file's bytes). */
export const MAX_FILE_FIELD_LENGTH = 4096

/** Why the files are refused (PAYLOAD_TOO_LARGE: they would be kept with the conversation). */
export function filesTooLarge(files: readonly FileLink[]): string | undefined {
  if (files.length > MAX_FILES) {
    return `A message carries at most ${MAX_FILES} files; send the others in another message.`
  }
  const long = files.some((file) =>
    [file.name, file.mediaType, file.url].some((field) => field.length > MAX_FILE_FIELD_LENGTH),
  )
  if (long) {
    return `A file's name, media type or link is longer than ${MAX_FILE_FIELD_LENGTH} characters; send a link to the file, not its bytes.`
  }
  return undefined
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
