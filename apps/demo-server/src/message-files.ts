/**
 * The files of a user's message as each wire carries them, for the agent (`respond`'s `files`):
 * HAIP's `{ text, attachments }` payload names a file's type `mime`, Haira's request body
 * `media_type` (GraphQL's `files` argument is typed by its schema: graphql/files.ts). Only names
 * and media types go to the agent; the bytes or links stay with the message.
 */
import type { MessageFile } from "@aichatkit/testing"

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
  if (attachments === undefined || attachments === null) return []
  const list: unknown[] = Array.isArray(attachments) ? attachments : [attachments]
  return list.flatMap((entry) => {
    if (typeof entry !== "object" || entry === null) return []
    const name = ownString(entry, "name")
    if (name === undefined || name.trim() === "") return []
    return [{ name, mediaType: ownString(entry, mediaTypeField) ?? UNKNOWN_MEDIA_TYPE }]
  })
}

function ownString(value: object, key: string): string | undefined {
  if (!Object.hasOwn(value, key)) return undefined
  const field = (value as Record<string, unknown>)[key]
  return typeof field === "string" ? field : undefined
}
