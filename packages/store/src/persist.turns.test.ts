/** Turns that failed or were stopped keep their markers across a reload, and Retry still works. */
import { type AdapterError, ChatError, MAX_MESSAGE_TEXT_LENGTH } from "@aichatkit/types"
import { afterEach, describe, expect, it, vi } from "vitest"
import type { StateStorage } from "zustand/middleware"
import { createChatController } from "./create-chat-controller.js"
import { createChatStore } from "./create-chat-store.js"
import { chatPersistence, DEFAULT_PERSIST_NAME } from "./persistence.js"
import { answerItem, userItem } from "./testdata/controller-setup.js"
import { invariantViolations } from "./testdata/invariants.js"
import { memoryStorage } from "./testdata/memory-storage.js"
import { storedConversation } from "./testdata/stored-chat.js"
import { TestAdapter } from "./testdata/test-adapter.js"
import { askForAnswer } from "./testdata/tool-calls.js"
import type { ChatController, ConversationState } from "./types.js"

const dropped: AdapterError = {
  code: "CONNECTION_LOST",
  message: "The connection dropped.",
  retryable: true,
}

/** Takes answers to tool calls; the run an answer starts fails with `dropped`. */
class FailingAnswerAdapter extends TestAdapter {
  constructor() {
    super({ toolApproval: true })
  }

  override async respondToToolCall(agentId: string): Promise<void> {
    this.push({ type: "run-started", agentId, runId: "run-2" })
    this.push({ type: "run-finished", agentId, runId: "run-2", status: "error", error: dropped })
  }
}

afterEach(() => {
  vi.restoreAllMocks()
})

/** A page's chat over `storage`: a fresh store restored from it, and a controller. */
function openChat(storage: StateStorage, adapter = new TestAdapter()) {
  const store = createChatStore({ persist: chatPersistence({ storage, writeDelayMs: 0 }) })
  const controller = createChatController({ adapter, store, scheduleFlush: "sync" })
  const active = (): ConversationState => {
    const state = store.getState()
    expect(invariantViolations(state)).toEqual([])
    return state.conversations[state.activeConversationId as string] as ConversationState
  }
  return { adapter, controller, active }
}

/** Sends `text` and lets the adapter fail it with `error`. */
async function failedSend(chat: ReturnType<typeof openChat>, text: string, error = dropped) {
  const sends = chat.adapter.sends.length
  const sending = chat.controller.send(text)
  await vi.waitFor(() => expect(chat.adapter.sends).toHaveLength(sends + 1))
  chat.adapter.lastSend().reject(new ChatError("CONNECTION_LOST", error.message, error))
  await sending
}

/** Sends `text` and answers it. */
async function answeredSend(chat: ReturnType<typeof openChat>, text: string, answer: string) {
  const sends = chat.adapter.sends.length
  const sending = chat.controller.send(text)
  await vi.waitFor(() => expect(chat.adapter.sends).toHaveLength(sends + 1))
  chat.adapter
    .lastSend()
    .resolve({ conversationId: agentIdOf(chat), items: [answerItem(`a-${sends}`, answer)] })
  await sending
}

/** The agent the chat's last send went to. */
function agentIdOf(chat: ReturnType<typeof openChat>): string {
  return chat.adapter.lastSend().agentId
}

function closeChat(...controllers: ChatController[]) {
  for (const controller of controllers) controller.dispose()
}

describe("persistence of turn markers", () => {
  it("keeps a failed typed turn: restored with its error, and Retry sends its text again", async () => {
    const { storage, data } = memoryStorage()
    const before = openChat(storage)
    await failedSend(before, "What is the weather in Oslo?")
    const userId = before.active().itemIds[0] as string
    const stored = JSON.parse(data.get(DEFAULT_PERSIST_NAME) ?? "{}")
    expect(stored.state.conversations[0].turnMarkers).toEqual([
      { after: userId, status: "failed", error: dropped, message: "What is the weather in Oslo?" },
    ])
    expect(stored.state.conversations[0]).not.toHaveProperty("failedVoiceTurns")

    const after = openChat(storage)
    const restored = after.active()
    expect(restored.turnMarkers).toEqual({
      [userId]: {
        status: "failed",
        error: dropped,
        message: "What is the weather in Oslo?",
        latest: true,
      },
    })
    // Failed, as before the reload, so Retry is offered; the banner's alert is not restored.
    expect(restored.run).toEqual({ status: "error" })
    expect(restored.lastFailedMessage).toBe("What is the weather in Oslo?")
    expect(restored.lastError).toBeUndefined()

    const retrying = after.controller.retry()
    await vi.waitFor(() => expect(after.adapter.sends).toHaveLength(1))
    expect(after.adapter.lastSend().message).toBe("What is the weather in Oslo?")
    expect(after.active().turnMarkers).toEqual({})
    after.adapter
      .lastSend()
      .resolve({ conversationId: agentIdOf(after), items: [answerItem("a1", "Mild.")] })
    await retrying
    // The same message, answered: not sent as a second copy.
    expect(after.active().itemIds).toEqual([userId, "a1"])
    expect(after.active().run.status).toBe("idle")
    closeChat(before.controller, after.controller)
  })

  it("keeps a failed run an answer to a tool call started without Retry after a reload", async () => {
    const { storage, data } = memoryStorage()
    const before = openChat(storage, new FailingAnswerAdapter())
    const sending = before.controller.send("Book a table")
    await vi.waitFor(() => expect(before.adapter.sends).toHaveLength(1))
    const agentId = agentIdOf(before)
    askForAnswer(before.adapter, agentId, "approval")
    before.adapter.lastSend().resolve({ conversationId: agentId, items: [] })
    await sending
    await before.controller.respondToToolCall(before.active().id, "call-1", { approved: true })
    expect(before.active().lastFailedMessage).toBeUndefined()
    const toolId = before.active().itemIds.at(-1) as string
    const stored = JSON.parse(data.get(DEFAULT_PERSIST_NAME) ?? "{}")
    expect(stored.state.conversations[0].turnMarkers).toEqual([
      { after: toolId, status: "failed", error: dropped, message: "Book a table", retry: false },
    ])

    const after = openChat(storage)
    expect(after.active().turnMarkers).toEqual({
      [toolId]: { status: "failed", error: dropped, message: "Book a table", latest: false },
    })
    expect(after.active().run.status).toBe("idle")
    await expect(after.controller.retry()).rejects.toMatchObject({ code: "INVALID_INPUT" })
    closeChat(before.controller, after.controller)
  })

  it("restores an older failed turn, followed by another, as not the latest: nothing to retry", async () => {
    const { storage } = memoryStorage()
    const before = openChat(storage)
    await failedSend(before, "first")
    await answeredSend(before, "second", "Done.")
    const firstId = before.active().itemIds[0] as string
    expect(before.active().turnMarkers?.[firstId]).toMatchObject({ latest: false })

    const after = openChat(storage)
    expect(after.active().turnMarkers).toEqual({
      [firstId]: { status: "failed", error: dropped, message: "first", latest: false },
    })
    expect(after.active().run.status).toBe("idle")
    await expect(after.controller.retry()).rejects.toMatchObject({ code: "INVALID_INPUT" })
    closeChat(before.controller, after.controller)
  })

  it("keeps a stopped answer's marker", async () => {
    const { storage } = memoryStorage()
    const before = openChat(storage)
    const sending = before.controller.send("Tell me a long story")
    await vi.waitFor(() => expect(before.adapter.sends).toHaveLength(1))
    const agentId = before.adapter.lastSend().agentId
    before.adapter.push({ type: "run-started", agentId, runId: "r1" })
    before.adapter.push({ type: "item-added", agentId, runId: "r1", item: answerItem("a1", "") })
    before.adapter.push({ type: "text-delta", agentId, runId: "r1", itemId: "a1", delta: "Once" })
    before.controller.cancel()
    // This adapter cannot cancel: its send settles later, and is ignored.
    before.adapter.lastSend().resolve({ conversationId: agentId, items: [] })
    await sending

    const after = openChat(storage)
    expect(after.active().itemIds.at(-1)).toBe("a1")
    expect(after.active().turnMarkers).toEqual({ a1: { status: "stopped" } })
    expect(after.active().run.status).toBe("idle")
    closeChat(before.controller, after.controller)
  })

  it("offers no Retry after a reload when the failed message had files (they were not kept)", () => {
    const withFile = {
      ...userItem("u1", "What is in this picture?"),
      attachments: [{ id: "f1", name: "a.png", mediaType: "image/png", url: "blob:gone" }],
    }
    const { storage } = storedConversation({
      items: [withFile],
      turnMarkers: [
        { after: "u1", status: "failed", error: dropped, message: "What is in this picture?" },
      ],
    })
    const conversation = openChat(storage).active()
    expect(conversation.turnMarkers?.u1).toEqual({
      status: "failed",
      error: dropped,
      message: "What is in this picture?",
      latest: false,
      attachmentsNotKept: true,
    })
    expect(conversation.run.status).toBe("idle")
    expect(conversation.lastFailedMessage).toBeUndefined()
  })

  it("says the files were not kept on each restored failed turn whose message had them, and only there", async () => {
    const { storage } = memoryStorage()
    const before = openChat(storage)
    const file = { name: "a.png", mediaType: "image/png", data: "data:image/png;base64,iVBORw==" }
    const sending = before.controller.send("Look", { attachments: [file] })
    await vi.waitFor(() => expect(before.adapter.sends).toHaveLength(1))
    before.adapter.lastSend().reject(new ChatError("CONNECTION_LOST", dropped.message, dropped))
    await sending
    const [withFileId] = before.active().itemIds
    await failedSend(before, "And without a file?")
    const [, typedId] = before.active().itemIds

    const after = openChat(storage)
    const markers = after.active().turnMarkers ?? {}
    expect(markers[withFileId as string]).toMatchObject({
      status: "failed",
      latest: false,
      attachmentsNotKept: true,
    })
    expect(markers[typedId as string]).toMatchObject({ status: "failed", latest: true })
    expect(markers[typedId as string]).not.toHaveProperty("attachmentsNotKept")
    expect(after.active().lastFailedMessage).toBe("And without a file?")
    closeChat(before.controller, after.controller)
  })

  it("restores data of the version before it (failed voice turns only) as it did", () => {
    const { storage } = storedConversation({
      items: [
        userItem("t1", "typed, failed, no marker kept then"),
        { ...userItem("u1", ""), audio: { mediaType: "audio/webm" } },
      ],
      failedVoiceTurns: [{ after: "u1", error: dropped }],
    })
    const conversation = openChat(storage).active()
    expect(conversation.turnMarkers).toEqual({
      u1: { status: "failed", error: dropped, message: "", latest: false, recordingNotKept: true },
    })
    expect(conversation.run.status).toBe("idle")
    expect(conversation.lastFailedMessage).toBeUndefined()
  })

  it("drops stored markers that do not fit, with a warning, and keeps the ones that do", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined)
    const { storage } = storedConversation({
      items: [userItem("u1", "hello"), answerItem("a1", "Half"), userItem("u2", "again")],
      turnMarkers: [
        "u1",
        null,
        { after: "gone", status: "stopped" },
        { after: "toString", status: "stopped" },
        { after: "__proto__", status: "stopped" },
        { after: "u1", status: "paused" },
        { after: "u1", status: "failed", error: { ...dropped, code: "NOT_A_CODE" }, message: "x" },
        { after: "u1", status: "failed", error: dropped },
        { after: "u1", status: "failed", error: dropped, message: 42 },
        {
          after: "u1",
          status: "failed",
          error: dropped,
          message: "x".repeat(MAX_MESSAGE_TEXT_LENGTH + 1),
        },
        {
          after: "u1",
          status: "failed",
          error: { ...dropped, message: "y".repeat(MAX_MESSAGE_TEXT_LENGTH + 1) },
          message: "hello",
        },
        { after: "a1", status: "stopped" },
        { after: "a1", status: "failed", error: dropped, message: "a repeat of a1" },
        {
          after: "u2",
          status: "failed",
          error: { ...dropped, extra: "dropped" },
          message: "again",
        },
      ],
    })
    const conversation = openChat(storage).active()
    expect(conversation.turnMarkers).toEqual({
      a1: { status: "stopped" },
      u2: { status: "failed", error: dropped, message: "again", latest: true },
    })
    expect(Object.getPrototypeOf(conversation.turnMarkers)).toBeNull()
    expect(conversation.lastFailedMessage).toBe("again")
    expect(warn).toHaveBeenCalledWith(
      expect.stringMatching(/dropped 12 stored turn marker\(s\) of conversation "Stored"/),
    )
    // A list that is not a list holds no markers.
    for (const turnMarkers of [{ after: "u1", status: "stopped" }, "u1", 7]) {
      const { storage } = storedConversation({ items: [userItem("u1", "hi")], turnMarkers })
      const restored = openChat(storage).active()
      expect(restored.itemIds).toEqual(["u1"])
      expect(restored.turnMarkers).toBeUndefined()
    }
  })
})
