/** What MemoryAdapter keeps of branches and ratings: a transcript rebuilt from a chosen history. */
import { ItemFold, type MessageFeedback } from "@aichatkit/network-adapter"
import type { ChatResponseItem } from "@aichatkit/types"

/** A rating the adapter received through `sendFeedback`. */
export interface RecordedFeedback {
  agentId: string
  itemId: string
  feedback: MessageFeedback | null
}

/** A transcript holding exactly `history`: what a branch's turn follows. */
export function transcriptOf(agentId: string, history: readonly ChatResponseItem[]): ItemFold {
  const transcript = new ItemFold()
  for (const item of history) {
    transcript.apply({ type: "item-added", agentId, item })
    transcript.apply({ type: "item-done", agentId, itemId: item.id })
  }
  return transcript
}
