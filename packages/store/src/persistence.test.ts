import { describe, expect, it } from "vitest"
import { createChatStore } from "./create-chat-store.js"
import { chatPersistence, DEFAULT_PERSIST_NAME } from "./persistence.js"
import { memoryStorage } from "./testdata/memory-storage.js"
import { timestamp } from "./testdata/recorded.js"

const created = (id: string) =>
  ({ type: "conversation-created", conversation: { id, title: id, createdAt: timestamp } }) as const

describe("persist: chatPersistence() from @aichatkit/store/persist", () => {
  it("restores in createChatStore itself, so the first read already has the conversations", () => {
    const { storage } = memoryStorage()
    const persistence = chatPersistence({ storage, writeDelayMs: 0 })
    createChatStore({ persist: persistence }).getState().dispatch(created("a"))
    // The same value again, as a component re-creating its store (StrictMode) passes it.
    const reloaded = createChatStore({ persist: persistence })
    expect(reloaded.getState().conversationOrder).toEqual(["a"])
    reloaded.getState().dispatch(created("b"))
    expect(createChatStore({ persist: persistence }).getState().conversationOrder).toEqual([
      "b",
      "a",
    ])
  })

  it("keeps nothing when persist is false or left out", () => {
    const { storage, data } = memoryStorage()
    const persistence = chatPersistence({ storage, writeDelayMs: 0 })
    createChatStore({ persist: persistence }).getState().dispatch(created("kept"))
    for (const store of [createChatStore({ persist: false }), createChatStore()]) {
      expect(store.getState().conversationOrder).toEqual([])
      store.getState().dispatch(created("not-kept"))
    }
    expect(data.get(DEFAULT_PERSIST_NAME)).not.toContain("not-kept")
  })

  it("refuses the forms from before the entry point, saying what to import instead", () => {
    const refused = [true, { name: "my-chat", writeDelayMs: 0 }, null]
    for (const persist of refused) {
      // @ts-expect-error: `true` and an options object are type errors; JS callers get this.
      expect(() => createChatStore({ persist })).toThrow(
        /`chatPersistence\(\)` makes, imported from the "@aichatkit\/store\/persist" entry point/,
      )
    }
  })
})
