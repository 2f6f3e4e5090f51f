import type { MessageItem } from "@aichatkit/types"
import { describe, expect, it } from "vitest"
import { answerItem, setup, tick, userItem } from "./testdata/controller-setup.js"

const png = new Uint8Array([137, 80, 78, 71]).buffer
const dataUrl = "data:image/png;base64,iVBORw=="

function userMessage(active: ReturnType<typeof setup>["active"]): MessageItem {
  const conversation = active()
  const item = conversation.items[conversation.itemIds[0] ?? ""]
  if (item?.type !== "message") throw new Error("no user message")
  return item
}

describe("createChatController: attachments", () => {
  it("passes the files to the adapter and shows them on the optimistic user item", async () => {
    const { adapter, controller, active } = setup()
    const sending = controller.send("Look", {
      attachments: [
        { name: "a.png", mediaType: "image/png", data: png },
        { name: "b.png", mediaType: "image/png", data: dataUrl },
        { name: "c.pdf", mediaType: "application/pdf", url: "https://files.example/c.pdf" },
      ],
    })
    await tick()
    expect(adapter.lastSend().attachments?.map((file) => file.name)).toEqual([
      "a.png",
      "b.png",
      "c.pdf",
    ])
    const attachments = userMessage(active).attachments ?? []
    expect(attachments.map(({ name, mediaType }) => ({ name, mediaType }))).toEqual([
      { name: "a.png", mediaType: "image/png" },
      { name: "b.png", mediaType: "image/png" },
      { name: "c.pdf", mediaType: "application/pdf" },
    ])
    expect(attachments[0]?.url).toMatch(/^blob:/)
    expect(attachments[0]?.size).toBe(4)
    expect(attachments[1]?.url).toBe(dataUrl)
    expect(attachments[2]?.url).toBe("https://files.example/c.pdf")
    adapter.lastSend().resolve({ conversationId: "agent-1", items: [answerItem("a1", "Nice.")] })
    await sending
  })

  it("keeps the files on the message when the server's copy of it has none", async () => {
    const { adapter, controller, active } = setup()
    const sending = controller.send("Look", {
      attachments: [{ name: "b.png", mediaType: "image/png", data: dataUrl }],
    })
    await tick()
    adapter.lastSend().resolve({
      conversationId: "agent-1",
      items: [userItem("u1", "Look"), answerItem("a1", "Nice.")],
    })
    await sending
    const item = userMessage(active)
    expect(item.id).toBe("u1")
    expect(item.attachments?.map((file) => file.url)).toEqual([dataUrl])
  })

  it("keeps the blob: URL of a PDF the server echoes as a data: URL (which cannot render)", async () => {
    const { adapter, controller, active } = setup()
    const sending = controller.send("Read", {
      attachments: [{ name: "r.pdf", mediaType: "application/pdf", data: png }],
    })
    await tick()
    const echoed = {
      ...userItem("u1", "Read"),
      attachments: [
        {
          id: "s",
          name: "r.pdf",
          mediaType: "application/pdf",
          url: "data:application/pdf;base64,iVBO",
        },
      ],
    }
    adapter.lastSend().resolve({ conversationId: "agent-1", items: [echoed] })
    await sending
    expect(userMessage(active).attachments?.[0]?.url).toMatch(/^blob:/)
  })

  it("sends a file without text, but refuses neither text nor file", async () => {
    const { adapter, controller } = setup()
    const sending = controller.send("", {
      attachments: [{ name: "b.png", mediaType: "image/png", data: dataUrl }],
    })
    await tick()
    expect(adapter.lastSend().message).toBe("")
    adapter.lastSend().resolve({ conversationId: "agent-1", items: [] })
    await sending
    await expect(controller.send("  ", { attachments: [] })).rejects.toMatchObject({
      code: "INVALID_INPUT",
    })
  })

  it("refuses a malformed attachment with INVALID_INPUT before anything changes", async () => {
    const { adapter, controller } = setup()
    const before = controller.store.getState()
    await expect(
      controller.send("Hi", {
        attachments: [{ name: "x" } as never],
      }),
    ).rejects.toMatchObject({ code: "INVALID_INPUT" })
    expect(controller.store.getState()).toBe(before)
    expect(adapter.sends).toEqual([])
  })

  it("sends the files again on Retry after the server refused the turn", async () => {
    const { adapter, controller, active } = setup()
    const file = { name: "big.bin", mediaType: "application/octet-stream", data: png }
    const sending = controller.send("Here", { attachments: [file] })
    await tick()
    adapter.lastSend().reject(Object.assign(new Error("too large"), { code: "PAYLOAD_TOO_LARGE" }))
    await sending
    expect(active()).toMatchObject({ run: { status: "error" }, lastFailedMessage: "Here" })
    expect(userMessage(active).attachments).toHaveLength(1)
    const retrying = controller.retry()
    await tick()
    expect(adapter.lastSend().attachments).toEqual([file])
    adapter.lastSend().resolve({ conversationId: "agent-1", items: [answerItem("a1", "Got it.")] })
    await retrying
    expect(active().run.status).toBe("idle")
  })

  it("sends { signal } alone when there are no files (adapters from before attachments)", async () => {
    const { adapter, controller } = setup()
    const sending = controller.send("Hi")
    await tick()
    expect(adapter.lastSend().attachments).toBeUndefined()
    adapter.lastSend().resolve({ conversationId: "agent-1", items: [] })
    await sending
  })
})
