import { type ChatController, createChatController, createChatStore } from "@aichatkit/store"
import { MemoryAdapter } from "@aichatkit/testing"
import type { ChatResponseItem } from "@aichatkit/types"
import { cleanup, render, screen, waitFor, within } from "@testing-library/react"
import { userEvent } from "@testing-library/user-event"
import { afterEach, describe, expect, it, vi } from "vitest"
import { ChatView } from "../ChatView.js"
import { activeConversation, createHarness, waitForRun } from "../testdata/chat-harness.js"
import { seedConversation } from "../testdata/story-chat.js"

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

async function send(text: string) {
  const user = userEvent.setup()
  await user.type(screen.getByRole("textbox", { name: "Message" }), `${text}{Enter}`)
  return user
}

const at = "2026-01-01T10:00:00Z"

/** A message of one image, with `content` as its text (none, or blank). */
function fileMessage(id: string, role: "user" | "assistant", content: string): ChatResponseItem {
  const image = {
    id: "a1",
    name: "cat.png",
    mediaType: "image/png",
    url: "https://example.com/cat.png",
  }
  return { id, type: "message", role, content, timestamp: at, attachments: [image] }
}

/** The memory adapter, branching and (unlike its default) sending files. */
function filesHarness() {
  const adapter = new MemoryAdapter({ tokenDelayMs: 0 })
  Object.defineProperty(adapter, "capabilities", {
    value: { ...adapter.capabilities, attachments: true },
  })
  const sent = vi.spyOn(adapter, "sendMessage")
  const controller = createChatController({ adapter, store: createChatStore() })
  return { adapter, controller, sent }
}

/** Seeds `items` as the conversation, renders the chat, and finds an item's row by its id. */
function renderThread(controller: ChatController, items: ChatResponseItem[]) {
  controller.store.getState().dispatch(seedConversation(items))
  const { container } = render(<ChatView controller={controller} />)
  return (id: string) => container.querySelector(`[data-item-id="${id}"]`) as HTMLElement
}

const log = () => screen.getByRole("log")
const picker = () => within(log()).findByRole("group", { name: "Versions" }, { timeout: 10_000 })

describe("ItemActions: edit, regenerate, branches, copy and feedback", () => {
  it("regenerates an answer: a picker shows 2 / 2, and moves back to 1 / 2 with focus kept", async () => {
    const { controller } = createHarness()
    render(<ChatView controller={controller} />)
    const user = await send("hello")
    await waitForRun(controller, "idle")
    const first = activeConversation(controller)?.itemIds.at(-1)
    await user.click(await within(log()).findByRole("button", { name: "Regenerate" }))
    await waitForRun(controller, "idle")
    const versions = await picker()
    expect(versions.textContent).toContain("2 / 2")
    expect(activeConversation(controller)?.itemIds.at(-1)).not.toBe(first)

    await user.click(within(versions).getByRole("button", { name: "Previous version" }))
    const back = await picker()
    await waitFor(() => expect(back.textContent).toContain("1 / 2"))
    expect(activeConversation(controller)?.itemIds.at(-1)).toBe(first)
    // The new picker took the focus: the previous button is disabled at 1, so next has it.
    await waitFor(() =>
      expect(document.activeElement).toBe(
        within(back).getByRole("button", { name: "Next version" }),
      ),
    )
  })

  it("edits a sent message: the field holds its text, Send starts a branch on the message", async () => {
    const { controller, adapter } = createHarness()
    render(<ChatView controller={controller} />)
    const user = await send("hello")
    await waitForRun(controller, "idle")
    await user.click(await within(log()).findByRole("button", { name: "Edit" }))
    const field = within(log()).getByRole("textbox", { name: "Edit your message" })
    expect((field as HTMLTextAreaElement).value).toBe("hello")
    expect(document.activeElement).toBe(field)
    await user.clear(field)
    await user.type(field, "tell me a card")
    await user.click(within(log()).getByRole("button", { name: "Send" }))
    await waitForRun(controller, "idle")
    expect((await picker()).textContent).toContain("2 / 2")
    within(log()).getByText("tell me a card")
    expect(within(log()).queryByText("hello")).toBeNull()
    expect(adapter.capabilities.branching).toBe(true)
  })

  it("Escape leaves edit mode without sending", async () => {
    const { controller, adapter } = createHarness()
    const sent = vi.spyOn(adapter, "sendMessage")
    render(<ChatView controller={controller} />)
    const user = await send("hello")
    await waitForRun(controller, "idle")
    await user.click(await within(log()).findByRole("button", { name: "Edit" }))
    await user.keyboard("{Escape}")
    expect(within(log()).queryByRole("textbox")).toBeNull()
    expect(sent).toHaveBeenCalledTimes(1)
  })

  it("copies a message to the clipboard and announces Copied", async () => {
    const { controller } = createHarness()
    render(<ChatView controller={controller} />)
    const user = await send("hello")
    await waitForRun(controller, "idle")
    const [copyQuestion] = await within(log()).findAllByRole("button", { name: "Copy" })
    await user.click(copyQuestion as HTMLElement)
    // user-event puts a clipboard of its own on navigator for the test.
    expect(await navigator.clipboard.readText()).toBe("hello")
    await within(log()).findByText("Copied")
  })

  it("offers no Copy on a message of files without text, on either side; a text answer has one", async () => {
    const { controller } = filesHarness()
    const row = renderThread(controller, [
      fileMessage("q1", "user", ""),
      fileMessage("r1", "assistant", " "),
      { id: "r2", type: "message", role: "assistant", content: "A cat.", timestamp: at },
    ])
    // Each row's actions have loaded (Edit, the rating), and Copy is not among them.
    await within(row("q1")).findByRole("button", { name: "Edit" }, { timeout: 10_000 })
    await within(row("r1")).findByRole("button", { name: "Good answer" })
    expect(within(row("q1")).queryByRole("button", { name: "Copy" })).toBeNull()
    expect(within(row("r1")).queryByRole("button", { name: "Copy" })).toBeNull()
    await within(row("r2")).findByRole("button", { name: "Copy" })
  })

  it("edits a message of one image: the field opens empty, Send keeps the image and sends it again", async () => {
    const { controller, sent } = filesHarness()
    const row = renderThread(controller, [
      fileMessage("q1", "user", ""),
      { id: "r1", type: "message", role: "assistant", content: "A cat.", timestamp: at },
    ])
    const user = userEvent.setup()
    await user.click(
      await within(row("q1")).findByRole("button", { name: "Edit" }, { timeout: 10_000 }),
    )
    const field = within(log()).getByRole("textbox", { name: "Edit your message" })
    expect((field as HTMLTextAreaElement).value).toBe("")
    expect(field.getAttribute("aria-describedby")).not.toBeNull()
    within(log()).getByText("Sent again with cat.png")
    const sendEdit = within(log()).getByRole("button", { name: "Send" })
    expect((sendEdit as HTMLButtonElement).disabled).toBe(false)
    await user.click(sendEdit)
    // The agent answers about the file it received, then the run ends.
    await within(log()).findByText(/I received 1 file/, undefined, { timeout: 10_000 })
    await waitForRun(controller, "idle")
    expect((await picker()).textContent).toContain("2 / 2")
    expect(sent.mock.lastCall?.[1]).toBe("")
    expect(sent.mock.lastCall?.[2]?.attachments).toEqual([
      { name: "cat.png", mediaType: "image/png", url: "https://example.com/cat.png" },
    ])
    // The new version of the message shows the image, and the agent answered about it.
    const edited = activeConversation(controller)?.itemIds[0] ?? ""
    expect(edited).not.toBe("q1")
    within(row(edited)).getByRole("img", { name: "cat.png" })
  })

  it("offers no Edit on a message of files where the adapter cannot send files (they would be lost)", async () => {
    const { controller } = createHarness()
    const row = renderThread(controller, [
      fileMessage("q1", "user", "Look"),
      { id: "r1", type: "message", role: "assistant", content: "A cat.", timestamp: at },
      { id: "q2", type: "message", role: "user", content: "Thanks", timestamp: at },
    ])
    await within(row("q2")).findByRole("button", { name: "Edit" }, { timeout: 10_000 })
    await within(row("q1")).findByRole("button", { name: "Copy" })
    expect(within(row("q1")).queryByRole("button", { name: "Edit" })).toBeNull()
  })

  it("shows no empty group of actions on a user's message of files where nothing is offered", async () => {
    const adapter = new MemoryAdapter({ tokenDelayMs: 0 })
    Object.defineProperty(adapter, "capabilities", {
      value: { ...adapter.capabilities, branching: false },
    })
    const controller = createChatController({ adapter, store: createChatStore() })
    const row = renderThread(controller, [
      fileMessage("q1", "user", ""),
      { id: "r1", type: "message", role: "assistant", content: "A cat.", timestamp: at },
    ])
    // The actions have loaded once the answer's show.
    await within(row("r1")).findByRole("button", { name: "Copy" }, { timeout: 10_000 })
    expect(within(row("q1")).queryByRole("group", { name: "Message actions" })).toBeNull()
  })

  it("rates an answer: onFeedback, the pressed state and the adapter's record; again takes it back", async () => {
    const onFeedback = vi.fn()
    const { controller, adapter } = createHarness()
    render(<ChatView controller={controller} onFeedback={onFeedback} />)
    const user = await send("hello")
    await waitForRun(controller, "idle")
    const up = await within(log()).findByRole("button", { name: "Good answer" })
    const answerId = activeConversation(controller)?.itemIds.at(-1)
    await user.click(up)
    await waitFor(() => expect(up.getAttribute("aria-pressed")).toBe("true"))
    expect(onFeedback).toHaveBeenLastCalledWith(
      expect.objectContaining({ itemId: answerId, feedback: "up" }),
    )
    await user.click(up)
    await waitFor(() => expect(up.getAttribute("aria-pressed")).toBe("false"))
    expect(onFeedback).toHaveBeenLastCalledWith(expect.objectContaining({ feedback: null }))
    expect(adapter.feedback.map((entry) => entry.feedback)).toEqual(["up", null])
  })

  it("offers no edit or regenerate when the adapter cannot branch", async () => {
    const adapter = new MemoryAdapter({ tokenDelayMs: 0 })
    Object.defineProperty(adapter, "capabilities", {
      value: { ...adapter.capabilities, branching: false },
    })
    render(<ChatView adapter={adapter} />)
    await send("hello")
    await within(log()).findByRole("button", { name: "Good answer" }, { timeout: 10_000 })
    expect(within(log()).queryByRole("button", { name: "Regenerate" })).toBeNull()
    expect(within(log()).queryByRole("button", { name: "Edit" })).toBeNull()
  })
  it("offers Regenerate on the last answer only, and no Edit, where the server keeps the conversation", async () => {
    const adapter = new MemoryAdapter({ tokenDelayMs: 0 })
    Object.defineProperty(adapter, "capabilities", {
      value: { ...adapter.capabilities, branching: false, regenerateLast: true },
    })
    const sent = vi.spyOn(adapter, "sendMessage")
    const lastOnly = createChatController({ adapter, store: createChatStore() })
    render(<ChatView controller={lastOnly} />)
    await send("hello")
    await waitForRun(lastOnly, "idle")
    const user = await send("tell me a card")
    await waitForRun(lastOnly, "idle")
    await within(log()).findAllByRole("button", { name: "Good answer" }, { timeout: 10_000 })
    expect(within(log()).getAllByRole("button", { name: "Good answer" })).toHaveLength(2)
    const regenerate = within(log()).getAllByRole("button", { name: "Regenerate" })
    expect(regenerate).toHaveLength(1)
    expect(within(log()).queryByRole("button", { name: "Edit" })).toBeNull()
    // It sits on the last answer, after the last question.
    const lastQuestion = within(log()).getByText("tell me a card")
    const position = lastQuestion.compareDocumentPosition(regenerate[0] as HTMLElement)
    expect(position & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy()
    await user.click(regenerate[0] as HTMLElement)
    await waitForRun(lastOnly, "idle")
    expect(sent.mock.lastCall?.[1]).toBe("tell me a card")
    expect(sent.mock.lastCall?.[2]).toMatchObject({ regenerate: true })
    expect((await picker()).textContent).toContain("2 / 2")
  })
})
