import type { AttachmentToSend, MessageItem } from "@aichatkit/types"
import { ChatError } from "@aichatkit/types"
import { describe, expect, it, vi } from "vitest"
import { answerItem, setup, tick, withConversation } from "./testdata/controller-setup.js"
import { TestAdapter } from "./testdata/test-adapter.js"

const photo = { name: "cat.png", mediaType: "image/png", url: "https://files.example/cat.png" }

/** A conversation whose one turn was a message of `files` and `text`, answered. */
async function sentWithFiles(
  files: AttachmentToSend[],
  capabilities: { attachments?: boolean } = { attachments: true },
) {
  const context = setup(new TestAdapter({ branching: true, ...capabilities }))
  await withConversation(context.controller)
  const sending = context.controller.send("", { attachments: files })
  await tick()
  context.adapter
    .lastSend()
    .resolve({ conversationId: "agent-1", items: [answerItem("a1", "A cat.")] })
  await sending
  const messageId = context.active().itemIds[0] ?? ""
  return { ...context, messageId }
}

function shownUserMessage(active: () => { itemIds: string[]; items: Record<string, unknown> }) {
  const item = active().items[active().itemIds[0] ?? ""] as MessageItem | undefined
  if (item?.type !== "message") throw new Error("no user message shown")
  return item
}

describe("createChatController: editing a message of files", () => {
  it("sends the edited text with the original's files, and the new message shows them", async () => {
    const { adapter, controller, active, messageId } = await sentWithFiles([photo])
    const editing = controller.editMessage(messageId, "What breed is it?")
    await vi.waitFor(() => expect(adapter.sends.length).toBe(2))
    expect(adapter.lastSend().message).toBe("What breed is it?")
    expect(adapter.lastSend().attachments).toEqual([photo])
    const edited = shownUserMessage(active)
    expect(edited.id).not.toBe(messageId)
    expect(edited.attachments?.map(({ name, url }) => ({ name, url }))).toEqual([
      { name: photo.name, url: photo.url },
    ])
    adapter.lastSend().resolve({ conversationId: "agent-1", items: [] })
    await editing
  })

  it("takes an edit without text when the message has files (the files are sent again alone)", async () => {
    const { adapter, controller, messageId } = await sentWithFiles([photo])
    const editing = controller.editMessage(messageId, "")
    await vi.waitFor(() => expect(adapter.sends.length).toBe(2))
    expect(adapter.lastSend().message).toBe("")
    expect(adapter.lastSend().attachments).toEqual([photo])
    adapter.lastSend().resolve({ conversationId: "agent-1", items: [] })
    await editing
  })

  it("reads a file the page holds as a blob: URL back into bytes to send it again", async () => {
    const bytes = new Blob(["meow"], { type: "text/plain" })
    const { adapter, controller, active, messageId } = await sentWithFiles([
      { name: "note.txt", mediaType: "text/plain", data: bytes },
    ])
    expect(shownUserMessage(active).attachments?.[0]?.url).toMatch(/^blob:/)
    const editing = controller.editMessage(messageId, "Read it")
    // The bytes are read back before the send: wait for the send itself.
    await vi.waitFor(() => expect(adapter.sends.length).toBe(2))
    expect(adapter.lastSend().message).toBe("Read it")
    const [sent] = adapter.lastSend().attachments ?? []
    expect(sent && "data" in sent && sent.data instanceof Blob).toBe(true)
    const data = sent && "data" in sent ? (sent.data as Blob) : new Blob()
    expect(await data.text()).toBe("meow")
    adapter.lastSend().resolve({ conversationId: "agent-1", items: [] })
    await editing
  })

  it("refuses with UNSUPPORTED, sending nothing, where the adapter cannot send files", async () => {
    const { adapter, controller, messageId } = await sentWithFiles([photo], {})
    const sends = adapter.sends.length
    const error = await controller.editMessage(messageId, "What breed?").catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ChatError)
    expect((error as ChatError).code).toBe("UNSUPPORTED")
    expect(adapter.sends.length).toBe(sends)
  })
})
