/**
 * Audio is never stored: a spoken answer is base64 chunks that would fill `localStorage` in a
 * few turns. A stored message keeps its text and its audio's media type and duration, marked
 * `dropped`, so after a reload it shows that audio was there, without a play control. A user's
 * voice message whose turn failed loses its recording the same way (it lives in memory until
 * sent): its failure is stored, so after a reload it says it must be recorded again instead
 * of showing an unanswered message with no reason and nothing to do.
 */
import { type ChatResponseItem, isAdapterError } from "@aichatkit/types"
import { createRecord, ownValue } from "./chat-draft.js"
import type { PersistedFailedVoiceTurn } from "./persist-types.js"
import type { BranchPoint, ConversationState, TurnMarker } from "./types.js"

/** The item as it is stored: a message's audio without its chunks. */
export function withoutAudioData(item: ChatResponseItem): ChatResponseItem {
  if (item.type !== "message" || !item.audio?.chunks) return item
  const { chunks, ...kept } = item.audio
  return { ...item, audio: chunks.length > 0 ? { ...kept, dropped: true } : kept }
}

/** Branch points as they are stored: the alternatives' messages without audio chunks. */
export function branchesWithoutAudioData(points: readonly BranchPoint[]): BranchPoint[] {
  return points.map(({ alternatives, ...point }) => ({
    ...point,
    alternatives: alternatives.map(
      (tail) =>
        tail && {
          items: tail.items.map(withoutAudioData),
          branches: branchesWithoutAudioData(tail.branches),
        },
    ),
  }))
}

/** The conversation's failed voice turns as they are stored, when it has any. */
export function compactFailedVoiceTurns(conversation: ConversationState): {
  failedVoiceTurns?: PersistedFailedVoiceTurn[]
} {
  const markers = conversation.turnMarkers
  if (markers === undefined) return {}
  const turns: PersistedFailedVoiceTurn[] = []
  // A marker follows its turn's last item: the turn's message is the user message before it.
  let voiceMessage = false
  for (const itemId of conversation.itemIds) {
    const item = ownValue(conversation.items, itemId)
    if (item?.type === "message" && item.role === "user") voiceMessage = item.audio !== undefined
    const marker = ownValue(markers, itemId)
    if (marker?.status !== "failed" || !voiceMessage) continue
    const { code, message, retryable } = marker.error
    turns.push({ after: itemId, error: { code, message, retryable } })
  }
  return turns.length > 0 ? { failedVoiceTurns: turns } : {}
}

/**
 * The markers of stored failed voice turns, each saying its recording was not kept (and
 * offering no Retry); entries that do not fit, or follow no restored item, are left out.
 */
export function restoreFailedVoiceTurns(
  stored: unknown,
  conversation: ConversationState,
): Record<string, TurnMarker> | undefined {
  if (!Array.isArray(stored)) return undefined
  const markers = createRecord<TurnMarker>()
  let count = 0
  for (const candidate of stored) {
    if (typeof candidate !== "object" || candidate === null) continue
    const { after, error } = candidate as Record<string, unknown>
    if (typeof after !== "string" || ownValue(conversation.items, after) === undefined) continue
    if (!isAdapterError(error)) continue
    const { code, message, retryable } = error
    markers[after] = {
      status: "failed",
      error: { code, message, retryable },
      message: "",
      latest: false,
      recordingNotKept: true,
    }
    count += 1
  }
  return count === 0 ? undefined : markers
}
