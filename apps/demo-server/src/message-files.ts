/**
 * The files of a user's message as each wire carries them, for the agent (`respond`'s `files`):
 * HAIP's `{ text, attachments }` payload names a file's type `mime`, Haira's request body
 * `media_type` (GraphQL's `files` argument is typed by its schema: graphql/files.ts). Only names
 * and media types go to the agent; the links stay with the message.
 */
import type { MessageFile } from "@aichatkit/testing"
import type { FileLink } from "./graphql/files.js"

/** The field a wire puts a file's media type in. */
export type MediaTypeField = "mime" | "media_type"

/** What a file without a media type is taken for. */
const UNKNOWN_MEDIA_TYPE = "application/octet-stream"

/**
 * The files of a message's `attachments` (a list, or one file alone) as the agent is told of
 * them. An entry without a string `name` is no file and is left out; the fields are read as
 * own properties, so a wire's `__proto__` or `constructor` names nothing.
 */
export function messageFiles(attachments: unknown, mediaTypeField: MediaTypeField): MessageFile[] {
  return fileEntries(attachments).flatMap((entry) => {
    const name = ownString(entry, "name")
    if (name === undefined || name.trim() === "") return []
    return [{ name, mediaType: ownString(entry, mediaTypeField) ?? UNKNOWN_MEDIA_TYPE }]
  })
}

/**
 * The files of a message's `attachments` that came as links (a `url` beside the `name`), as
 * the user's stored message keeps them so that a reloaded conversation shows them. Read as
 * {@link messageFiles} reads them; an entry without a link has nothing to show and is left out.
 */
export function messageFileLinks(attachments: unknown, mediaTypeField: MediaTypeField): FileLink[] {
  return fileEntries(attachments).flatMap((entry) => {
    const name = ownString(entry, "name")
    const url = ownString(entry, "url")
    if (name === undefined || name.trim() === "" || url === undefined || url.trim() === "") {
      return []
    }
    return [{ name, mediaType: ownString(entry, mediaTypeField) ?? UNKNOWN_MEDIA_TYPE, url }]
  })
}

/** The objects of an `attachments` field: a list of them, or one alone. */
function fileEntries(attachments: unknown): object[] {
  if (attachments === undefined || attachments === null) return []
  const list: unknown[] = Array.isArray(attachments) ? attachments : [attachments]
  return list.filter((entry): entry is object => typeof entry === "object" && entry !== null)
}

function ownString(value: object, key: string): string | undefined {
  if (!Object.hasOwn(value, key)) return undefined
  const field = (value as Record<string, unknown>)[key]
  return typeof field === "string" ? field : undefined
}
