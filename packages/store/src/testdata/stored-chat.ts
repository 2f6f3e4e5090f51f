/** What a page stored before it reloaded: persisted chat data as the storage holds it. */
import { DEFAULT_PERSIST_NAME, PERSIST_VERSION } from "../persistence.js"
import { memoryStorage } from "./memory-storage.js"
import { conversationId, timestamp } from "./recorded.js"

/**
 * A storage holding one conversation ("c1", selected) of the current version: `fields` are
 * the stored conversation's own (items, markers, …) over an empty one.
 */
export function storedConversation(fields: Record<string, unknown>) {
  const stored = JSON.stringify({
    version: PERSIST_VERSION,
    state: {
      activeConversationId: conversationId,
      conversations: [
        {
          id: conversationId,
          title: "Stored",
          createdAt: timestamp,
          updatedAt: timestamp,
          items: [],
          ...fields,
        },
      ],
    },
  })
  return memoryStorage({ [DEFAULT_PERSIST_NAME]: stored })
}
