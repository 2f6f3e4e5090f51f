import { cleanup, render, screen, waitFor, within } from "@testing-library/react"
import { userEvent } from "@testing-library/user-event"
import { afterEach, describe, expect, it } from "vitest"
import { ChatInterface } from "./ChatInterface.js"
import { createHarness, waitForRun } from "./testdata/chat-harness.js"

afterEach(cleanup)

const sidebar = () => screen.getByRole("navigation", { name: "Conversations" })
const rows = () => within(sidebar()).queryAllByRole("row")

describe("ChatInterface", () => {
  it("creates, selects, renames and deletes conversations from the sidebar", async () => {
    const { controller } = createHarness()
    render(<ChatInterface controller={controller} inputPlaceholder="Ask away" />)
    const user = userEvent.setup()
    expect(screen.getByPlaceholderText("Ask away")).toBeTruthy()

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
    expect(screen.getByText("How can I help?")).toBeTruthy()

    // Select the first conversation (listed last: newest first) and see its messages.
    const first = rows()[1]!
    await user.click(within(first).getAllByRole("button")[0]!)
    expect(within(first).getAllByRole("button")[0]!.getAttribute("aria-current")).toBe("page")
    expect(await screen.findByText("Here is what I found")).toBeTruthy()

    // Rename it.
    await user.click(within(first).getByRole("button", { name: /^Rename/ }))
    const input = within(sidebar()).getByRole("textbox", { name: "Conversation title" })
    await user.clear(input)
    await user.type(input, "Weather plans{Enter}")
    expect(within(sidebar()).getByRole("button", { name: "Weather plans" })).toBeTruthy()
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
    expect(within(sidebar()).getByRole("button", { name: "Weather plans" })).toBeTruthy()

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
    expect(screen.getByRole("button", { name: "Settings" })).toBeTruthy()
  })
})
