/** Upload progress: what the adapter reports lands on the sending message's files, transiently. */
import { ChatError } from "@aichatkit/types"
import { describe, expect, it } from "vitest"
import type { StateStorage } from "zustand/middleware"
import { createChatController } from "./create-chat-controller.js"
import { createChatStore } from "./create-chat-store.js"
import { chatPersistence } from "./persistence.js"
import { selectUploads } from "./selectors.js"
import { answerItem, setup, tick } from "./testdata/controller-setup.js"
import { TestAdapter } from "./testdata/test-adapter.js"
import type { ChatState } from "./types.js"

const files = [
  { name: "a.png", mediaType: "image/png", data: new Uint8Array(1000).buffer },
  { name: "b.pdf", mediaType: "application/pdf", data: new Uint8Array(500).buffer },
]

function sentItem(state: ChatState) {
  const conversation = Object.values(state.conversations)[0]
  const itemId = conversation?.itemIds[0] ?? ""
  const item = conversation?.items[itemId]
  if (item?.type !== "message" || !conversation) throw new Error("no user message")
  return { conversationId: conversation.id, itemId, attachments: item.attachments ?? [] }
}

describe("createChatController: upload progress", () => {
  it("keeps each file's progress on the user item, a whole percent at a time, until it is done", async () => {
    const { adapter, controller } = setup(new TestAdapter({ attachments: true }))
    const seen: unknown[] = []
    controller.store.subscribe((state) => {
      const conversation = Object.values(state.conversations)[0]
      const itemId = conversation?.itemIds[0]
      if (!conversation || itemId === undefined) return
      const uploads = selectUploads(state, conversation.id, itemId)
      if (seen.at(-1) !== uploads) seen.push(uploads)
    })
    const sending = controller.send("Look", { attachments: files })
    await tick()
    const report = adapter.lastSend().onUploadProgress
    expect(report).toBeTypeOf("function")
    const { attachments } = sentItem(controller.store.getState())
    const [a, b] = attachments.map((attachment) => attachment.id)
    report?.({ index: 0, loaded: 400, total: 1000 })
    // The same whole percent again: no new state, no render.
    report?.({ index: 0, loaded: 401, total: 1000 })
    report?.({ index: 1, loaded: 100, total: 500 })
    report?.({ index: 0, loaded: 1000, total: 1000 })
    expect(seen).toEqual([
      { [a as string]: 40 },
      { [a as string]: 40, [b as string]: 20 },
      { [b as string]: 20 },
    ])
    adapter.lastSend().resolve({ conversationId: "agent-1", items: [answerItem("a1", "Nice.")] })
    await sending
    // The turn is over: no upload is left, so no bar, and a late report shows none.
    report?.({ index: 1, loaded: 200, total: 500 })
    const { conversationId, itemId } = sentItem(controller.store.getState())
    expect(selectUploads(controller.store.getState(), conversationId, itemId)).toBeUndefined()
    expect(controller.store.getState().conversations[conversationId]?.uploads).toBeUndefined()
  })

  it("passes no progress callback for a message without files (an older adapter sees what it saw)", async () => {
    const { adapter, controller } = setup(new TestAdapter({ attachments: true }))
    const sending = controller.send("Hi")
    await tick()
    expect(adapter.lastSend().onUploadProgress).toBeUndefined()
    adapter.lastSend().resolve({ conversationId: "agent-1", items: [] })
    await sending
  })

  it("a dropped upload fails the turn with its error, keeps the text and files, and Retry uploads them again", async () => {
    const { adapter, controller } = setup(new TestAdapter({ attachments: true }))
    const sending = controller.send("Look at these", { attachments: files })
    await tick()
    adapter.lastSend().onUploadProgress?.({ index: 0, loaded: 300, total: 1000 })
    const dropped = new ChatError("CONNECTION_FAILED", '"a.png" could not be uploaded: dropped', {
      retryable: true,
    })
    adapter.lastSend().reject(dropped)
    await sending
    const state = controller.store.getState()
    const { conversationId, itemId, attachments } = sentItem(state)
    const conversation = state.conversations[conversationId]
    expect(conversation?.run.status).toBe("error")
    expect(conversation?.lastError?.message).toBe('"a.png" could not be uploaded: dropped')
    expect(conversation?.items[itemId]).toMatchObject({ content: "Look at these" })
    expect(attachments.map((attachment) => attachment.name)).toEqual(["a.png", "b.pdf"])
    expect(conversation?.uploads).toBeUndefined()
    const retrying = controller.retry()
    await tick()
    expect(adapter.lastSend().attachments).toBe(files)
    adapter.lastSend().onUploadProgress?.({ index: 0, loaded: 500, total: 1000 })
    expect(
      selectUploads(controller.store.getState(), conversationId, itemId)?.[
        attachments[0]?.id ?? ""
      ],
    ).toBe(50)
    adapter.lastSend().resolve({ conversationId: "agent-1", items: [] })
    await retrying
  })

  it("ignores progress after a cancel, and never stores progress", async () => {
    const data = new Map<string, string>()
    const storage: StateStorage = {
      getItem: (name) => data.get(name) ?? null,
      setItem: (name, value) => void data.set(name, value),
      removeItem: (name) => void data.delete(name),
    }
    const adapter = new TestAdapter({ attachments: true })
    const store = createChatStore({ persist: chatPersistence({ storage, writeDelayMs: 0 }) })
    const controller = createChatController({ adapter, store, scheduleFlush: "sync" })
    const sending = controller.send("Look", { attachments: files })
    await tick()
    adapter.lastSend().onUploadProgress?.({ index: 0, loaded: 250, total: 1000 })
    expect(JSON.stringify([...data.values()])).not.toContain("uploads")
    controller.cancel()
    adapter.lastSend().onUploadProgress?.({ index: 0, loaded: 750, total: 1000 })
    const { conversationId } = sentItem(store.getState())
    expect(store.getState().conversations[conversationId]?.uploads).toBeUndefined()
    adapter.lastSend().reject(new ChatError("CANCELLED", "Cancelled."))
    await sending
  })
})
