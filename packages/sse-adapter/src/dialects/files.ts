/**
 * Files on the SSE wires: the parts of the AI SDK's `UIMessage` and AG-UI's multimodal
 * content a message's attachments become, and an agent's file chunk as a message of its own.
 */
import {
  extensionOf,
  type ReceivedFile,
  receivedAttachment,
} from "@aichatkit/network-adapter/agent-files"
import type { Attachment, ChatEvent, ChatResponseItem } from "@aichatkit/types"
import { closeItem, type JsonObject, openMessage, problem, type TurnState } from "./turn-state.js"

/** A message's attachments as AI SDK `file` parts (`{ type, mediaType, filename, url }`). */
export function aiSdkFileParts(attachments: readonly Attachment[] | undefined): JsonObject[] {
  return (attachments ?? []).map((attachment) => ({
    type: "file",
    mediaType: attachment.mediaType,
    filename: attachment.name,
    url: attachment.url,
  }))
}

/**
 * A message's text and attachments as AG-UI content: the plain string when there are no
 * files (what every AG-UI server reads), else `text` and `binary` parts.
 */
export function agUiContent(
  text: string,
  attachments: readonly Attachment[] | undefined,
): string | JsonObject[] {
  if (attachments === undefined || attachments.length === 0) return text
  const files = attachments.map((attachment) => ({
    type: "binary",
    mimeType: attachment.mediaType,
    filename: attachment.name,
    ...(attachment.url.startsWith("data:")
      ? { data: attachment.url.slice(attachment.url.indexOf(",") + 1) }
      : { url: attachment.url }),
  }))
  return text === "" ? files : [{ type: "text", text }, ...files]
}

/** The attachments of a history item, for the encoders. */
export function itemAttachments(item: ChatResponseItem): readonly Attachment[] | undefined {
  return item.type === "message" ? item.attachments : undefined
}

/**
 * An agent's file (the AI SDK's `file` chunk: `{ url, mediaType }`) as a message of its own
 * at its place in the answer, complete at once: a generated chart shows where it was sent.
 */
export function fileMessage(state: TurnState, chunk: JsonObject, index: number): ChatEvent[] {
  const name = typeof chunk.filename === "string" ? chunk.filename : undefined
  return agentFileMessage(
    state,
    `${state.runId}-file-${index}`,
    {
      name:
        name ??
        (typeof chunk.mediaType === "string"
          ? `file-${index + 1}.${extensionOf(chunk.mediaType)}`
          : undefined),
      mediaType: chunk.mediaType,
      url: chunk.url,
    },
    chunk,
  )
}

/**
 * A file an agent sent as a message of its own, complete at once; a file the chat may not
 * hold (a script URL, a `data:` page, more bytes than the limit, see `receivedAttachment`) is
 * left out with a PROTOCOL_ERROR saying why, and nothing is added.
 */
export function agentFileMessage(
  state: TurnState,
  itemId: string,
  file: ReceivedFile,
  cause: unknown,
): ChatEvent[] {
  const attachment = receivedAttachment(`${itemId}-0`, file)
  if ("problem" in attachment) {
    const name = typeof file.name === "string" ? ` "${file.name}"` : ""
    return [
      problem(
        state,
        "PROTOCOL_ERROR",
        `Skipped the agent's file${name}: ${attachment.problem}.`,
        cause,
      ),
    ]
  }
  return [openMessage(state, itemId, "", [attachment]), ...closeItem(state, itemId)]
}

/** Extensions of the files a Haira component names by URL alone, and their media types. */
const mediaTypesByExtension = new Map([
  ["png", "image/png"],
  ["jpg", "image/jpeg"],
  ["jpeg", "image/jpeg"],
  ["gif", "image/gif"],
  ["webp", "image/webp"],
  ["svg", "image/svg+xml"],
  ["pdf", "application/pdf"],
  ["csv", "text/csv"],
])

function firstString(props: JsonObject, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = props[key]
    if (typeof value === "string" && value !== "") return value
  }
  return undefined
}

/**
 * The file a Haira `tool_render` shows, when its component is `image` (props `src` or `url`,
 * `alt`, optional `media_type`) or `file` (`url`, `name`, `media_type`); base64 `data` with a
 * `media_type` works for both. `undefined` for every other component (those are cards). The
 * media type, when the props do not say it, comes from a `data:` URL or the file's extension.
 */
export function hairaFile(component: string, props: JsonObject): ReceivedFile | undefined {
  if (component !== "image" && component !== "file") return undefined
  const url = firstString(props, ["src", "url"])
  const name = firstString(props, ["name", "filename", "alt", "title"])
  const declared = firstString(props, ["media_type", "mime", "mediaType"])
  const inline = url?.match(/^data:([^;,]+)/i)?.[1]
  const path = url?.split(/[?#]/)[0] ?? name ?? ""
  const byExtension = mediaTypesByExtension.get(path.split(".").at(-1)?.toLowerCase() ?? "")
  const fallback = component === "image" ? "image/*" : "application/octet-stream"
  return {
    name: name ?? (url?.startsWith("data:") ? undefined : url?.split(/[?#]/)[0]?.split("/").at(-1)),
    mediaType: declared ?? inline ?? byExtension ?? fallback,
    size: props.size,
    ...(url === undefined ? {} : { url }),
    ...(props.data === undefined ? {} : { data: props.data }),
  }
}
