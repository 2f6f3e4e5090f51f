/**
 * The rules an item follows when an event changes it, shared by the fold and the store's
 * reducer so that an adapter's resolved items are exactly what the store shows. Pure: they
 * return the next item (or `undefined` for "no change") and never mutate their input.
 */
import {
  type Attachment,
  type AudioChunkEvent,
  type ChatResponseItem,
  chatResponseItemProblem,
  type ItemPatch,
  isRenderableAttachmentUrl,
  MAX_AUDIO_CHUNKS,
  type MessageAudio,
  type ToolCallStatus,
} from "@aichatkit/types"

/** How many unknown items may hold early deltas at once; more are dropped as junk. */
export const MAX_PENDING_DELTA_ITEMS = 256

const terminalToolStatuses: ReadonlySet<ToolCallStatus> = new Set([
  "completed",
  "error",
  "cancelled",
])

/** Whether a tool call status is final (completed, error, cancelled). */
export function isTerminalToolStatus(status: ToolCallStatus | undefined): boolean {
  return status !== undefined && terminalToolStatuses.has(status)
}

/**
 * The files of a message that arrives again (a server's copy of the user's message): a copy
 * without files keeps the files already here, and a file of the copy whose URL cannot render
 * (a `data:` PDF) keeps the URL already here for the file of the same name (the `blob:` URL
 * of the bytes the user picked). `undefined` when neither has files.
 */
export function mergeAttachments(
  existing: readonly Attachment[] | undefined,
  incoming: readonly Attachment[] | undefined,
): Attachment[] | undefined {
  if (incoming === undefined) return existing === undefined ? undefined : [...existing]
  return incoming.map((attachment, index) => {
    if (isRenderableAttachmentUrl(attachment.url)) return attachment
    const local = existing?.[index]
    return local !== undefined &&
      local.name === attachment.name &&
      isRenderableAttachmentUrl(local.url)
      ? { ...attachment, url: local.url }
      : attachment
  })
}

/**
 * An item arriving again: newer fields win, but streamed text is never cut short and a final
 * tool call never goes back to running. `undefined` when the incoming copy is refused;
 * `keptText` tells that the existing, longer text was kept (the stream is being replayed).
 */
export function mergeAddedItem(
  existing: ChatResponseItem,
  incoming: ChatResponseItem,
): { item: ChatResponseItem; keptText: boolean } | undefined {
  if (existing.type !== incoming.type) return undefined
  if (existing.type === "message" && incoming.type === "message") {
    const attachments = mergeAttachments(existing.attachments, incoming.attachments)
    const withFiles = attachments === undefined ? incoming : { ...incoming, attachments }
    // A copy without audio (a server's echo of a voice message) keeps the audio already here.
    const merged =
      incoming.audio === undefined && existing.audio !== undefined
        ? { ...withFiles, audio: existing.audio }
        : withFiles
    if (
      existing.content.length > incoming.content.length &&
      existing.content.startsWith(incoming.content)
    ) {
      return { item: { ...merged, content: existing.content }, keptText: true }
    }
    return { item: merged, keptText: false }
  } else if (existing.type === "tool_call" && incoming.type === "tool_call") {
    if (
      isTerminalToolStatus(existing.toolCall.status) &&
      !isTerminalToolStatus(incoming.toolCall.status)
    ) {
      return undefined
    }
  }
  return { item: incoming, keptText: false }
}

/**
 * An `item-updated` patch applied to `item` (`settled`: the item had its `item-done`).
 * `undefined` when it changes nothing or is refused: a replayed snapshot that would cut a
 * settled message short, a non-final correction of a final tool call, a result that is not a
 * valid item. The ids of a tool call and a card stay theirs.
 */
export function patchItem(
  item: ChatResponseItem,
  patch: ItemPatch,
  settled: boolean,
): ChatResponseItem | undefined {
  if (typeof patch !== "object" || patch === null) return undefined
  let next: ChatResponseItem | undefined
  if (item.type === "message" && typeof patch.content === "string") {
    if (patch.content === item.content) return undefined
    if (settled && item.content.startsWith(patch.content)) return undefined
    next = { ...item, content: patch.content }
  } else if (
    item.type === "tool_call" &&
    typeof patch.toolCall === "object" &&
    patch.toolCall !== null
  ) {
    const status = patch.toolCall.status
    if (isTerminalToolStatus(item.toolCall.status) && !isTerminalToolStatus(status))
      return undefined
    next = { ...item, toolCall: { ...item.toolCall, ...patch.toolCall, id: item.toolCall.id } }
  } else if (item.type === "card" && typeof patch.card === "object" && patch.card !== null) {
    next = { ...item, card: { ...item.card, ...patch.card, id: item.card.id } }
  }
  if (next === undefined || chatResponseItemProblem(next) !== undefined) return undefined
  return next
}

/**
 * A tool call left running when its turn ends: cancelled when the user cancelled, else
 * `undefined` (the item stays as it is).
 */
export function cancelledToolCall(item: ChatResponseItem): ChatResponseItem | undefined {
  if (item.type !== "tool_call") return undefined
  if (item.toolCall.status !== "pending" && item.toolCall.status !== "executing") return undefined
  return { ...item, toolCall: { ...item.toolCall, status: "cancelled" } }
}

/**
 * A chunk of audio for a message: appended to its `audio` (which takes the chunk's media
 * type when it has none). `undefined` when nothing changes: the item is not a message, the
 * chunk is not a non-empty string, or the message already holds {@link MAX_AUDIO_CHUNKS}.
 * Whether the message still streams is the caller's rule, as for text.
 */
export function withAudioChunk(
  item: ChatResponseItem,
  event: Pick<AudioChunkEvent, "mediaType" | "data" | "durationMs">,
): ChatResponseItem | undefined {
  if (item.type !== "message" || typeof event.data !== "string" || event.data === "") return
  if (typeof event.mediaType !== "string" || !event.mediaType.startsWith("audio/")) return
  const audio: MessageAudio = item.audio ?? { mediaType: event.mediaType }
  const chunks = audio.chunks ?? []
  if (chunks.length >= MAX_AUDIO_CHUNKS) return
  const next: MessageAudio = { ...audio, chunks: [...chunks, event.data] }
  const duration = event.durationMs
  if (typeof duration === "number" && Number.isFinite(duration) && duration >= 0) {
    next.durationMs = (audio.durationMs ?? 0) + duration
  }
  return { ...item, audio: next }
}
