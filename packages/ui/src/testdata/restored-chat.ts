/**
 * A chat as a page finds it after a reload: a store restored from what the page stored before
 * (one conversation, "restored", selected), over a MemoryAdapter. Stories and tests.
 */
import { type ChatController, createChatController, createChatStore } from "@aichatkit/store"
import { chatPersistence, DEFAULT_PERSIST_NAME, PERSIST_VERSION } from "@aichatkit/store/persist"
import { MemoryAdapter } from "@aichatkit/testing"
import type { AdapterError } from "@aichatkit/types"

const storedAt = "2026-01-01T10:00:00Z"

/** Why the stored turns failed. */
export const connectionLost: AdapterError = {
  code: "CONNECTION_LOST",
  message: "The connection to the server was lost.",
  retryable: true,
}

/** A stored conversation whose voice message failed (its recording was never stored). */
export const storedVoiceFailure = {
  items: [
    {
      id: "u1",
      type: "message",
      role: "user",
      content: "",
      timestamp: storedAt,
      audio: { mediaType: "audio/webm" },
    },
  ],
  failedVoiceTurns: [{ after: "u1", error: connectionLost }],
}

/** A stored conversation whose latest turn, a typed message, failed. */
export const storedTypedFailure = {
  items: [
    {
      id: "u1",
      type: "message",
      role: "user",
      content: "What is the weather in Oslo?",
      timestamp: storedAt,
    },
  ],
  turnMarkers: [
    {
      after: "u1",
      status: "failed",
      error: connectionLost,
      message: "What is the weather in Oslo?",
    },
  ],
}

/** A stored conversation whose latest turn, a typed message with a file, failed (the file to send was never stored). */
export const storedFilesFailure = {
  items: [
    {
      id: "u1",
      type: "message",
      role: "user",
      content: "What does this plan say?",
      timestamp: storedAt,
      // A file shown as a link, not an image: nothing is fetched.
      attachments: [
        { id: "f1", name: "plan.pdf", mediaType: "application/pdf", url: "https://example.com/p" },
      ],
    },
  ],
  turnMarkers: [
    { after: "u1", status: "failed", error: connectionLost, message: "What does this plan say?" },
  ],
}

/** A controller over a store restored from a storage holding `conversation`'s fields. */
export function restoredController(
  conversation: Record<string, unknown>,
  adapter = new MemoryAdapter({ tokenDelayMs: 0 }),
): ChatController {
  const stored = new Map([
    [
      DEFAULT_PERSIST_NAME,
      JSON.stringify({
        version: PERSIST_VERSION,
        state: {
          activeConversationId: "restored",
          conversations: [
            {
              id: "restored",
              title: "Restored",
              createdAt: storedAt,
              updatedAt: storedAt,
              ...conversation,
            },
          ],
        },
      }),
    ],
  ])
  const storage = {
    getItem: (name: string) => stored.get(name) ?? null,
    setItem: (name: string, value: string) => void stored.set(name, value),
    removeItem: (name: string) => void stored.delete(name),
  }
  const store = createChatStore({ persist: chatPersistence({ storage }) })
  return createChatController({ adapter, store })
}
