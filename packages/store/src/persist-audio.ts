/**
 * Audio is never stored: a spoken answer is base64 chunks that would fill `localStorage` in a
 * few turns. A stored message keeps its text and its audio's media type and duration, marked
 * `dropped`, so after a reload it shows that audio was there, without a play control. (A user's
 * voice message loses its recording the same way; its failed turn is stored by
 * persist-turns.ts.)
 */
import type { ChatResponseItem } from "@aichatkit/types"
import type { BranchPoint } from "./types.js"

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
