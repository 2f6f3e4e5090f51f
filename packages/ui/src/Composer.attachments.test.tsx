import type { SendMessageOptions } from "@aichatkit/network-adapter"
import { createChatController, createChatStore } from "@aichatkit/store"
import { MemoryAdapter } from "@aichatkit/testing"
import {
  cleanup,
  createEvent,
  fireEvent,
  render,
  screen,
  waitFor,
  within,
} from "@testing-library/react"
import { userEvent } from "@testing-library/user-event"
import { afterEach, describe, expect, it } from "vitest"
import { ChatView } from "./ChatView.js"
import { activeConversation, waitForRun } from "./testdata/chat-harness.js"

afterEach(cleanup)

/** The memory agent, able to take files, recording what each send carried. */
class FileAdapter extends MemoryAdapter {
  override readonly capabilities = Object.freeze({
    ...new MemoryAdapter().capabilities,
    attachments: true,
  })
  readonly sent: Array<SendMessageOptions["attachments"]> = []
  override sendMessage(agentId: string, message: string, options?: SendMessageOptions) {
    this.sent.push(options?.attachments)
    return super.sendMessage(agentId, message, options)
  }
}

function setup(adapter: MemoryAdapter = new FileAdapter({ tokenDelayMs: 0 })) {
  const controller = createChatController({ adapter, store: createChatStore() })
  return { adapter, controller }
}

const png = () => new File([new Uint8Array([137, 80, 78, 71])], "photo.png", { type: "image/png" })
const pdf = () => new File(["%PDF-1.7"], "notes.pdf", { type: "application/pdf" })
const textbox = () => screen.getByRole("textbox", { name: "Message" }) as HTMLTextAreaElement
const fileInput = (container: HTMLElement) =>
  container.querySelector('input[type="file"]') as HTMLInputElement

describe("Composer attachments", () => {
  it("hides the attach button when the adapter cannot send files", () => {
    const { controller } = setup(new MemoryAdapter({ tokenDelayMs: 0 }))
    render(<ChatView controller={controller} />)
    expect(screen.queryByRole("button", { name: "Attach files" })).toBeNull()
  })

  it("attaches picked files as a list with remove buttons, and sends them with the text", async () => {
    const { adapter, controller } = setup()
    const { container } = render(<ChatView controller={controller} />)
    const user = userEvent.setup()
    await screen.findByRole("button", { name: "Attach files" })
    await user.upload(fileInput(container), [png(), pdf()])
    const list = await screen.findByRole("list", { name: "Files to send" })
    expect(
      within(list)
        .getAllByRole("listitem")
        .map((item) => item.textContent),
    ).toEqual([expect.stringContaining("photo.png"), expect.stringContaining("notes.pdf")])
    await user.click(screen.getByRole("button", { name: "Remove notes.pdf" }))
    expect(within(list).getAllByRole("listitem")).toHaveLength(1)
    await user.type(textbox(), "What is this?{Enter}")
    await waitForRun(controller, "idle")
    expect((adapter as FileAdapter).sent.at(-1)?.map((file) => file.name)).toEqual(["photo.png"])
    expect(screen.queryByRole("list", { name: "Files to send" })).toBeNull()
    const conversation = activeConversation(controller)
    const first = conversation?.items[conversation.itemIds[0] ?? ""]
    expect(first?.type === "message" && first.attachments?.[0]?.name).toBe("photo.png")
  })

  it("sends a file without text", async () => {
    const { adapter, controller } = setup()
    const { container } = render(<ChatView controller={controller} />)
    const user = userEvent.setup()
    await screen.findByRole("button", { name: "Attach files" })
    await user.upload(fileInput(container), pdf())
    const send = screen.getByRole("button", { name: "Send" }) as HTMLButtonElement
    await waitFor(() => expect(send.disabled).toBe(false))
    await user.click(send)
    await waitFor(() => expect((adapter as FileAdapter).sent).toHaveLength(1))
  })

  it("refuses files over the limits with a clear inline message and keeps the text typed", async () => {
    const { controller } = setup()
    const { container } = render(
      <ChatView
        controller={controller}
        attachments={{ accept: "image/*", maxBytes: 3, maxFiles: 2 }}
      />,
    )
    const user = userEvent.setup({ applyAccept: false })
    await user.type(textbox(), "keep me")
    await screen.findByRole("button", { name: "Attach files" })
    await user.upload(fileInput(container), pdf())
    expect((await screen.findByRole("alert")).textContent).toBe(
      "notes.pdf was not added: only image/* can be sent.",
    )
    await user.upload(fileInput(container), png())
    expect(screen.getByRole("alert").textContent).toBe(
      "photo.png was not added: it is 4 B, and files up to 3 B can be sent.",
    )
    expect(screen.queryByRole("list", { name: "Files to send" })).toBeNull()
    expect(textbox().value).toBe("keep me")
  })

  it("refuses a 2 GB file by default", async () => {
    const { controller } = setup()
    const { container } = render(<ChatView controller={controller} />)
    const huge = new File([], "film.mov", { type: "video/quicktime" })
    Object.defineProperty(huge, "size", { value: 2 * 1024 ** 3 })
    await screen.findByRole("button", { name: "Attach files" })
    await userEvent.setup().upload(fileInput(container), huge)
    expect((await screen.findByRole("alert")).textContent).toBe(
      "film.mov was not added: it is 2.0 GB, and files up to 20 MB can be sent.",
    )
  })

  it("takes a dropped file and a pasted image", async () => {
    const { controller } = setup()
    render(<ChatView controller={controller} />)
    await screen.findByRole("button", { name: "Attach files" })
    const form = textbox().closest("form") as HTMLFormElement
    const drop = createEvent.drop(form)
    Object.defineProperty(drop, "dataTransfer", { value: { files: [pdf()], types: ["Files"] } })
    fireEvent(form, drop)
    const paste = createEvent.paste(textbox())
    Object.defineProperty(paste, "clipboardData", { value: { files: [png()] } })
    fireEvent(textbox(), paste)
    const list = await screen.findByRole("list", { name: "Files to send" })
    await waitFor(() => expect(within(list).getAllByRole("listitem")).toHaveLength(2))
  })
})
