import { MemoryAdapter } from "@aichatkit/testing"
import { cleanup, render, screen, waitFor, within } from "@testing-library/react"
import { userEvent } from "@testing-library/user-event"
import { afterEach, describe, expect, it } from "vitest"
import { ChatInterface } from "./ChatInterface.js"
import { ChatView } from "./ChatView.js"
import { createHarness, waitForRun } from "./testdata/chat-harness.js"

afterEach(cleanup)

/** The memory agent, taking files (it answers about them by name). */
class FilesAdapter extends MemoryAdapter {
  override readonly capabilities = Object.freeze({
    ...new MemoryAdapter().capabilities,
    attachments: true,
  })
}

const sidebar = () => screen.getByRole("navigation", { name: "Conversations" })
const rows = () => within(sidebar()).queryAllByRole("row")

describe("ChatInterface", () => {
  it("creates, selects, renames and deletes conversations from the sidebar", async () => {
    const { controller } = createHarness()
    render(<ChatInterface controller={controller} inputPlaceholder="Ask away" />)
    const user = userEvent.setup()
    screen.getByPlaceholderText("Ask away")

    await user.click(screen.getByRole("button", { name: "New chat" }))
    await waitFor(() => expect(rows()).toHaveLength(1))
    // Ready to type: focus moved from "New chat" to the composer.
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getByRole("textbox", { name: "Message" })),
    )
    await user.keyboard("typed right away")
    expect(screen.getByRole("textbox", { name: "Message" })).toHaveProperty(
      "value",
      "typed right away",
    )
    await user.clear(screen.getByRole("textbox", { name: "Message" }))
    await user.type(screen.getByRole("textbox", { name: "Message" }), "hello{Enter}")
    await waitForRun(controller, "idle")
    await user.click(screen.getByRole("button", { name: "New chat" }))
    await waitFor(() => expect(rows()).toHaveLength(2))
    // The new conversation is active and empty.
    screen.getByText("How can I help?")

    // Select the first conversation (listed last: newest first) and see its messages.
    const first = rows()[1]!
    await user.click(within(first).getAllByRole("button")[0]!)
    expect(within(first).getAllByRole("button")[0]!.getAttribute("aria-current")).toBe("page")
    await screen.findByText("Here is what I found")

    // Rename it.
    await user.click(within(first).getByRole("button", { name: /^Rename/ }))
    const input = within(sidebar()).getByRole("textbox", { name: "Conversation title" })
    await user.clear(input)
    await user.type(input, "Weather plans{Enter}")
    within(sidebar()).getByRole("button", { name: "Weather plans" })
    expect(document.activeElement).toBe(
      within(sidebar()).getByRole("button", { name: "Rename Weather plans" }),
    )
    const id = controller.store.getState().activeConversationId!
    expect(controller.store.getState().conversations[id]?.title).toBe("Weather plans")

    // Escape abandons a rename.
    await user.click(within(sidebar()).getByRole("button", { name: "Rename Weather plans" }))
    await user.type(
      within(sidebar()).getByRole("textbox", { name: "Conversation title" }),
      " and more{Escape}",
    )
    within(sidebar()).getByRole("button", { name: "Weather plans" })

    // Delete it.
    await user.click(within(sidebar()).getByRole("button", { name: "Delete Weather plans" }))
    await waitFor(() => expect(rows()).toHaveLength(1))
    expect(within(sidebar()).queryByText("Weather plans")).toBeNull()
    expect(document.activeElement).toBe(sidebar().querySelector(".aichatkit-new-conversation"))
  })

  it("hides the sidebar with showSidebar={false} and shows the header content", () => {
    const { controller } = createHarness()
    render(
      <ChatInterface
        controller={controller}
        showSidebar={false}
        headerContent={<button type="button">Settings</button>}
      />,
    )
    expect(screen.queryByRole("navigation")).toBeNull()
    screen.getByRole("button", { name: "Settings" })
  })

  it.each([
    ["adapter", (adapter: MemoryAdapter) => <ChatInterface adapter={adapter} />],
    [
      "networkAdapter (ChatKit's name)",
      (adapter: MemoryAdapter) => <ChatInterface networkAdapter={adapter} />,
    ],
  ])("chats through the adapter given as %s", async (_name, view) => {
    render(view(new MemoryAdapter({ tokenDelayMs: 0 })))
    const user = userEvent.setup()
    await user.type(screen.getByRole("textbox", { name: "Message" }), "hello there{Enter}")
    const log = screen.getByRole("log")
    await within(log).findByText("Here is what I found", {}, { timeout: 10_000 })
  })

  // Each of the two composed components hands its provider options on: an option one of them
  // dropped was taken without a word and did nothing (ChatInterface lost resolveAttachmentUrl).
  it.each([
    ["ChatInterface", ChatInterface],
    ["ChatView", ChatView],
  ])(
    "%s hands every provider option on: files load through resolveAttachmentUrl",
    async (_name, Chat) => {
      const adapter = new FilesAdapter({ tokenDelayMs: 0 })
      const { container } = render(
        <Chat
          adapter={adapter}
          resolveAttachmentUrl={(attachment) => `https://files.example/signed/${attachment.name}`}
        />,
      )
      const user = userEvent.setup()
      await screen.findByRole("button", { name: "Attach files" })
      const notes = new File(["%PDF-1.7 0123456789"], "notes.pdf", { type: "application/pdf" })
      await user.upload(container.querySelector('input[type="file"]') as HTMLInputElement, notes)
      await user.type(screen.getByRole("textbox", { name: "Message" }), "Read this{Enter}")
      const log = screen.getByRole("log")
      const file = await within(log).findByRole("link", { name: /notes\.pdf/ }, { timeout: 10_000 })
      expect(file.getAttribute("href")).toBe("https://files.example/signed/notes.pdf")
    },
  )
})
