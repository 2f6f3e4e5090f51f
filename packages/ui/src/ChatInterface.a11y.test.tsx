import { cleanup, render, screen, waitFor, within } from "@testing-library/react"
import { userEvent } from "@testing-library/user-event"
import { afterEach, describe, expect, it } from "vitest"
import { ChatInterface } from "./ChatInterface.js"
import { createHarness } from "./testdata/chat-harness.js"

afterEach(cleanup)

const sidebar = () => screen.getByRole("navigation", { name: "Conversations" })
const grid = () => within(sidebar()).getByRole("grid", { name: "Conversations" })
const composer = () => screen.getByRole("textbox", { name: "Message" })

/** A ChatInterface with three conversations, "Third" (the newest) active. */
async function renderThree() {
  const { controller } = createHarness()
  for (const title of ["First", "Second", "Third"]) {
    const id = await controller.createConversation()
    controller.renameConversation(id, title)
  }
  render(<ChatInterface controller={controller} />)
  await waitFor(() => expect(within(grid()).getAllByRole("row")).toHaveLength(3))
  return controller
}

describe("ChatInterface keyboard structure", () => {
  it("offers a skip link to the composer as the first tab stop", async () => {
    await renderThree()
    const user = userEvent.setup()
    await user.tab()
    expect(document.activeElement).toBe(
      screen.getByRole("button", { name: "Skip to message input" }),
    )
    await user.keyboard("{Enter}")
    expect(document.activeElement).toBe(composer())
  })

  it("makes the conversation list one tab stop, entered at the active conversation", async () => {
    await renderThree()
    const user = userEvent.setup()
    await user.tab() // skip link
    await user.tab() // New chat
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "New chat" }))
    await user.tab()
    expect(document.activeElement).toBe(within(grid()).getByRole("button", { name: "Third" }))
    await user.tab()
    // Out of the list: nine buttons of three conversations cost one stop.
    expect(grid().contains(document.activeElement)).toBe(false)
    expect(grid().querySelectorAll('[tabindex="0"]')).toHaveLength(1)
  })

  it("moves between conversations and their actions with the arrow keys", async () => {
    const controller = await renderThree()
    const user = userEvent.setup()
    within(grid()).getByRole("button", { name: "Third" }).focus()
    await user.keyboard("{ArrowDown}")
    expect(document.activeElement).toBe(within(grid()).getByRole("button", { name: "Second" }))
    await user.keyboard("{Enter}")
    const secondId = controller.store.getState().activeConversationId!
    expect(controller.store.getState().conversations[secondId]?.title).toBe("Second")

    await user.keyboard("{ArrowRight}")
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Rename Second" }))
    await user.keyboard("{Enter}")
    const input = within(sidebar()).getByRole("textbox", { name: "Conversation title" })
    expect(document.activeElement).toBe(input)
    // Arrow keys edit the text; they do not move through the grid.
    await user.keyboard("{ArrowLeft}{Escape}")
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Rename Second" }))

    await user.keyboard("{ArrowDown}")
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Rename First" }))
    await user.keyboard("{End}")
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Delete First" }))
    await user.keyboard("{Control>}{Home}{/Control}")
    expect(document.activeElement).toBe(within(grid()).getByRole("button", { name: "Third" }))
    // The last cell used stays the list's tab stop.
    expect([...grid().querySelectorAll('[tabindex="0"]')]).toEqual([
      within(grid()).getByRole("button", { name: "Third" }),
    ])

    await user.keyboard("{ArrowDown}{ArrowDown}{End}{Enter}")
    await waitFor(() => expect(within(grid()).getAllByRole("row")).toHaveLength(2))
    expect(within(grid()).queryByRole("button", { name: "First" })).toBeNull()
  })
})
