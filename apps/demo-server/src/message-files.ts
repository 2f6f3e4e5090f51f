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

/** Most files one message may carry. */
export const MAX_FILES = 20
/** Longest link or name of a file, in characters (a link, not the file's bytes). */
export const MAX_FILE_FIELD_LENGTH = 4096

/** What a file without a media type is taken for. */
const UNKNOWN_MEDIA_TYPE = "application/octet-stream"

/** A file of a message as any wire names it: a link when it came as one. */
interface NamedFile {
  name: string
  mediaType: string
  url?: string | undefined
}

/**
 * Why a message's files are refused, on every wire (PAYLOAD_TOO_LARGE, 413): too many, or a
 * name, media type or link too long to keep with the conversation. A file's bytes (HAIP's
 * `data`) are not counted here; the wire's own message limit bounds them.
 */
export function filesTooLarge(files: readonly NamedFile[]): string | undefined {
  if (files.length > MAX_FILES) {
    return `A message carries at most ${MAX_FILES} files; send the others in another message.`
  }
  const long = files.some((file) =>
    [file.name, file.mediaType, file.url ?? ""].some(
      (field) => field.length > MAX_FILE_FIELD_LENGTH,
    ),
  )
  if (long) {
    return `A file's name, media type or link is longer than ${MAX_FILE_FIELD_LENGTH} characters; send a link to the file, not its bytes.`
  }
  return undefined
}

/** {@link filesTooLarge} of a message's `attachments`, read as {@link messageFiles} reads them. */
export function attachmentsTooLarge(
  attachments: unknown,
  mediaTypeField: MediaTypeField,
): string | undefined {
  return filesTooLarge(namedFiles(attachments, mediaTypeField))
}

/**
 * The files of a message's `attachments` (a list, or one file alone) as the agent is told of
 * them. An entry without a string `name` is no file and is left out; the fields are read as
 * own properties, so a wire's `__proto__` or `constructor` names nothing.
 */
export function messageFiles(attachments: unknown, mediaTypeField: MediaTypeField): MessageFile[] {
  return namedFiles(attachments, mediaTypeField).map(({ name, mediaType }) => ({ name, mediaType }))
}

/**
 * The files of a message's `attachments` that came as links (a `url` beside the `name`), as
 * the user's stored message keeps them so that a reloaded conversation shows them. Read as
 * {@link messageFiles} reads them; an entry without a link has nothing to show and is left out.
 */
export function messageFileLinks(attachments: unknown, mediaTypeField: MediaTypeField): FileLink[] {
  return namedFiles(attachments, mediaTypeField).flatMap(({ name, mediaType, url }) =>
    url === undefined ? [] : [{ name, mediaType, url }],
  )
}

/** The entries of `attachments` that name a file, with their link when it is not blank. */
function namedFiles(attachments: unknown, mediaTypeField: MediaTypeField): NamedFile[] {
  return fileEntries(attachments).flatMap((entry) => {
    const name = ownString(entry, "name")
    if (name === undefined || name.trim() === "") return []
    const url = ownString(entry, "url")
    const mediaType = ownString(entry, mediaTypeField) ?? UNKNOWN_MEDIA_TYPE
    return [{ name, mediaType, url: url === undefined || url.trim() === "" ? undefined : url }]
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
