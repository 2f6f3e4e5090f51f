/**
 * Files on the SSE wires: the parts of the AI SDK's `UIMessage` and AG-UI's multimodal
 * content a message's attachments become, and an agent's file chunk as a message of its own.
 */
import type { Attachment, ChatEvent, ChatResponseItem } from "@aichatkit/types"
import { closeItem, type JsonObject, problem, type TurnState } from "./turn-state.js"

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
  const { url, mediaType } = chunk
  if (typeof url !== "string" || typeof mediaType !== "string") {
    return [
      problem(state, "PROTOCOL_ERROR", "Skipped a file chunk without a url and mediaType.", chunk),
    ]
  }
  const itemId = `${state.runId}-file-${index}`
  const name =
    typeof chunk.filename === "string"
      ? chunk.filename
      : `file-${index + 1}.${extension(mediaType)}`
  state.open.set(itemId, "message")
  return [
    {
      type: "item-added",
      agentId: state.agentId,
      runId: state.runId,
      item: {
        id: itemId,
        type: "message",
        role: "assistant",
        content: "",
        timestamp: state.now(),
        attachments: [{ id: `${itemId}-0`, name, mediaType, url }],
      },
    },
    ...closeItem(state, itemId),
  ]
}

/** A file name's extension from a media type (`image/png` → `png`), for unnamed files. */
function extension(mediaType: string): string {
  const subtype = mediaType.split("/")[1]?.split(/[;+]/)[0] ?? ""
  return /^[a-z0-9.-]{1,10}$/i.test(subtype) ? subtype : "bin"
}
