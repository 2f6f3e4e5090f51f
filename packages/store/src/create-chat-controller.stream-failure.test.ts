/**
 * Retry after a failure the adapter reports over its events (its send resolved: a run that
 * ended in error) sends what Retry after a rejected send sends: the files, the recording, a
 * regeneration again.
 */
import { describe, expect, it } from "vitest"
import { createChatController } from "./create-chat-controller.js"
import {
  acceptSend,
  answerRun,
  failRun,
  pngBytes,
  runFailure,
  setup,
  tick,
  withConversation,
} from "./testdata/controller-setup.js"
import { microphone, readAll } from "./testdata/microphone.js"
import { TestAdapter } from "./testdata/test-adapter.js"

/** The run of the last send fails over the stream, then the send resolves, as HAIP and SSE do. */
function failOverStream(adapter: TestAdapter, runId: string): void {
  failRun(adapter, adapter.lastSend().agentId, runId)
  acceptSend(adapter)
}

/** The run of the last send answers over the stream, then the send resolves. */
function answerOverStream(adapter: TestAdapter, runId: string, text: string): void {
  answerRun(adapter, adapter.lastSend().agentId, runId, text)
  acceptSend(adapter)
}

describe("createChatController: Retry after a run that failed over the stream", () => {
  it("sends the files again", async () => {
    const { adapter, controller, active } = setup(new TestAdapter({ attachments: true }))
    const file = { name: "plan.png", mediaType: "image/png", data: pngBytes }
    const sending = controller.send("Read this", { attachments: [file] })
    await tick()
    failOverStream(adapter, "r1")
    await sending
    expect(active()).toMatchObject({ run: { status: "error" }, lastFailedMessage: "Read this" })
    const retrying = controller.retry()
    await tick()
    expect(adapter.sends).toHaveLength(2)
    expect(adapter.lastSend().message).toBe("Read this")
    expect(adapter.lastSend().attachments).toEqual([file])
    answerOverStream(adapter, "r2", "A plan.")
    await retrying
    expect(active().run.status).toBe("idle")
  })

  it("sends the recording again, all of it, and lets it go once it is sent", async () => {
    const { adapter, controller, active } = setup(new TestAdapter({ audio: true }))
    const mic = microphone()
    const sending = controller.send("", { audio: mic.audio })
    await tick()
    mic.say(1, 2)
    mic.stop()
    failOverStream(adapter, "r1")
    await sending
    expect(active().run.status).toBe("error")
    const retrying = controller.retry()
    await tick()
    const again = adapter.lastSend()
    expect(again.audio?.mediaType).toBe("audio/webm")
    expect(await readAll(again.audio)).toEqual([1, 2])
    answerOverStream(adapter, "r2", "Heard.")
    await retrying
    expect(active().run.status).toBe("idle")
    // Sent: nothing is kept for a Retry that is no longer offered.
    await expect(controller.retry()).rejects.toMatchObject({ code: "INVALID_INPUT" })
  })

  it("regenerates again after a failed regeneration, sending no second copy of the message", async () => {
    const { adapter, controller, active } = setup(new TestAdapter({ regenerateLast: true }))
    await withConversation(controller)
    const first = controller.send("Weather in Rome?")
    answerOverStream(adapter, "r1", "Rainy.")
    await first
    const again = controller.regenerate("a-r1")
    failOverStream(adapter, "r2")
    await again
    expect(active().run.status).toBe("error")
    const retrying = controller.retry()
    expect(adapter.sends).toHaveLength(3)
    expect(adapter.lastSend()).toMatchObject({ message: "Weather in Rome?", regenerate: true })
    answerOverStream(adapter, "r3", "Sunny.")
    await retrying
    const users = active().itemIds.filter((itemId) => {
      const item = active().items[itemId]
      return item?.type === "message" && item.role === "user"
    })
    expect(users).toHaveLength(1)
    expect(active().items[active().itemIds.at(-1) as string]).toMatchObject({ content: "Sunny." })
  })

  it("offers Retry while the run's events still wait for the next frame when the send resolves", async () => {
    const adapter = new TestAdapter({ attachments: true })
    // Flushes far apart, as animation frames are to a send that resolves in the same task.
    const controller = createChatController({ adapter, scheduleFlush: 60_000 })
    await controller.createConversation()
    const file = { name: "plan.png", mediaType: "image/png", data: pngBytes }
    const sending = controller.send("Read this", { attachments: [file] })
    await tick()
    failOverStream(adapter, "r1")
    await sending
    const state = controller.store.getState()
    const conversation = state.conversations[state.activeConversationId as string]
    expect(conversation).toMatchObject({
      run: { status: "error" },
      lastError: runFailure,
      lastFailedMessage: "Read this",
    })
    const retrying = controller.retry()
    await tick()
    expect(adapter.lastSend().attachments).toEqual([file])
    answerOverStream(adapter, "r2", "A plan.")
    await retrying
    controller.dispose()
  })
})
