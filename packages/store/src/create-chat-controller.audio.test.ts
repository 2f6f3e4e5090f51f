import type { MessageItem } from "@aichatkit/types"
import { describe, expect, it } from "vitest"
import { answerItem, setup, tick } from "./testdata/controller-setup.js"
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
    expect(adapter.lastSend().audio).toBe(audio)
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
})
