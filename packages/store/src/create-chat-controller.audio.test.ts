import type { MessageItem } from "@aichatkit/types"
import { ChatError } from "@aichatkit/types"
import { describe, expect, it } from "vitest"
import { answerItem, setup, tick } from "./testdata/controller-setup.js"
import { microphone, readAll } from "./testdata/microphone.js"
import { TestAdapter } from "./testdata/test-adapter.js"

async function* silence() {
  yield new ArrayBuffer(4)
}

describe("createChatController: voice messages", () => {
  it("sends the recording with the turn and shows a voice message at once, with no text needed", async () => {
    const { adapter, controller, active } = setup(new TestAdapter({ audio: true }))
    const audio = { mediaType: "audio/webm", chunks: silence() }
    const sending = controller.send("", { audio })
    await tick()
    expect(adapter.lastSend().audio?.mediaType).toBe("audio/webm")
    expect(await readAll(adapter.lastSend().audio)).toEqual([0, 0, 0, 0])
    const conversation = active()
    const user = conversation.items[conversation.itemIds[0] ?? ""] as MessageItem
    expect(user).toMatchObject({ role: "user", content: "", audio: { mediaType: "audio/webm" } })
    expect(conversation.run.status).toBe("submitted")
    adapter.lastSend().resolve({ conversationId: "agent-1", items: [answerItem("a1", "Heard.")] })
    await sending
  })

  it("refuses a voice message where the adapter cannot send audio, or that is not audio, with the store unchanged", async () => {
    const { controller } = setup(new TestAdapter())
    const before = controller.store.getState()
    await expect(
      controller.send("", { audio: { mediaType: "audio/webm", chunks: silence() } }),
    ).rejects.toMatchObject({ code: "UNSUPPORTED" })
    const { controller: voiced } = setup(new TestAdapter({ audio: true }))
    const voicedBefore = voiced.store.getState()
    await expect(
      voiced.send("", { audio: { mediaType: "text/html", chunks: silence() } }),
    ).rejects.toMatchObject({ code: "INVALID_INPUT" })
    expect(controller.store.getState()).toBe(before)
    expect(voiced.store.getState()).toBe(voicedBefore)
  })

  it("keeps a failed voice message's recording, and Retry sends it again, all of it, as a voice message", async () => {
    const { adapter, controller, active } = setup(new TestAdapter({ audio: true }))
    const mic = microphone()
    const sending = controller.send("", { audio: mic.audio })
    await tick()
    mic.say(1, 2)
    // The connection drops after the adapter read one chunk; the user is still speaking.
    const first = adapter.lastSend()
    const reader = first.audio?.chunks[Symbol.asyncIterator]()
    expect((await reader?.next())?.value).toBeInstanceOf(ArrayBuffer)
    first.reject(new ChatError("CONNECTION_LOST", "The connection dropped.", { retryable: true }))
    await reader?.return?.()
    await sending
    expect(active().run.status).toBe("error")
    mic.say(3)
    mic.stop()
    // Not abandoned: the store read the rest, so nothing said is lost.
    expect(mic.state.abandoned).toBe(false)
    const retrying = controller.retry()
    await tick()
    const again = adapter.lastSend()
    expect(again).not.toBe(first)
    expect(again.audio?.mediaType).toBe("audio/webm")
    expect(await readAll(again.audio)).toEqual([1, 2, 3])
    // The same user item (a voice message), not a second copy.
    const conversation = active()
    expect(conversation.itemIds).toHaveLength(1)
    expect(conversation.items[conversation.itemIds[0] ?? ""]).toMatchObject({
      role: "user",
      audio: { mediaType: "audio/webm" },
    })
    again.resolve({ conversationId: "agent-1", items: [answerItem("a1", "Heard.")] })
    await retrying
    expect(active().run.status).toBe("idle")
  })

  it("Retry still sends the recording after failing twice; once sent, it is let go", async () => {
    const { adapter, controller } = setup(new TestAdapter({ audio: true }))
    const mic = microphone()
    mic.say(7)
    mic.stop()
    const sending = controller.send("", { audio: mic.audio })
    await tick()
    adapter.lastSend().reject(new ChatError("SERVER_ERROR", "Refused.", { retryable: true }))
    await sending
    for (const outcome of ["fail", "succeed"] as const) {
      const retrying = controller.retry()
      await tick()
      expect(await readAll(adapter.lastSend().audio)).toEqual([7])
      if (outcome === "fail") {
        adapter.lastSend().reject(new ChatError("SERVER_ERROR", "Refused.", { retryable: true }))
      } else {
        adapter.lastSend().resolve({ conversationId: "agent-1", items: [] })
      }
      await retrying
    }
    await expect(controller.retry()).rejects.toMatchObject({ code: "INVALID_INPUT" })
  })

  it("a new message after a failed voice message lets its recording go, which stops the recorder", async () => {
    const { adapter, controller } = setup(new TestAdapter({ audio: true }))
    const mic = microphone()
    const sending = controller.send("", { audio: mic.audio })
    await tick()
    mic.say(1)
    adapter.lastSend().reject(new ChatError("SERVER_ERROR", "Refused.", { retryable: true }))
    await sending
    await tick()
    expect(mic.state.abandoned).toBe(false)
    const typed = controller.send("Never mind, here it is in writing")
    mic.say(2)
    await tick()
    expect(mic.state.abandoned).toBe(true)
    expect(adapter.lastSend().audio).toBeUndefined()
    adapter.lastSend().resolve({ conversationId: "agent-1", items: [] })
    await typed
  })

  it("a cancelled voice message stops the recording and keeps nothing", async () => {
    const { adapter, controller, active } = setup(new TestAdapter({ audio: true }))
    const mic = microphone()
    const sending = controller.send("", { audio: mic.audio })
    await tick()
    mic.say(1)
    await tick()
    controller.cancel()
    adapter.lastSend().reject(new ChatError("CANCELLED", "Cancelled."))
    await sending
    mic.say(2)
    await tick()
    expect(mic.state.abandoned).toBe(true)
    expect(active().run.status).toBe("cancelled")
  })
})
