import { act, cleanup, render, screen, waitFor, within } from "@testing-library/react"
import { userEvent } from "@testing-library/user-event"
import { afterEach, describe, expect, it } from "vitest"
import { ChatProvider } from "./ChatProvider.js"
import { ConversationList } from "./ConversationList.js"
import { createHarness } from "./testdata/chat-harness.js"

afterEach(cleanup)

const sidebar = () => screen.getByRole("navigation", { name: "Conversations" })
const titles = () =>
  within(sidebar())
    .queryAllByRole("row")
    .map((row) => within(row).getAllByRole("button")[0]?.textContent)
const notice = () => sidebar().querySelector(".aichatkit-deleted-notice-text") as HTMLElement

async function listOfTwo(undoDeleteMs?: number) {
  const { adapter, controller } = createHarness()
  await act(async () => {
    await controller.createConversation("Trip to Oslo")
    await controller.createConversation("Recipes")
  })
  render(
    <ChatProvider controller={controller}>
      <ConversationList undoDeleteMs={undoDeleteMs} />
    </ChatProvider>,
  )
  return { adapter, controller }
}

describe("ConversationList: delete with undo", () => {
  it("says the conversation was deleted in a polite status, and Undo brings it back focused", async () => {
    const { adapter } = await listOfTwo()
    const stopped: string[] = []
    adapter.stopChatAgent = async (agentId) => void stopped.push(agentId)
    expect(notice().getAttribute("role")).toBe("status")
    expect(notice().textContent).toBe("")
    const user = userEvent.setup()
    await user.click(within(sidebar()).getByRole("button", { name: "Delete Trip to Oslo" }))
    expect(titles()).toEqual(["Recipes"])
    expect(notice().textContent).toBe("Conversation deleted: Trip to Oslo")
    // The sentence alone is the live region; Undo sits beside it.
    expect(within(notice()).queryByRole("button")).toBeNull()
    await user.click(within(sidebar()).getByRole("button", { name: "Undo" }))
    expect(titles()).toEqual(["Recipes", "Trip to Oslo"])
    expect(document.activeElement?.textContent).toBe("Trip to Oslo")
    expect(notice().textContent).toBe("")
    expect(within(sidebar()).queryByRole("button", { name: "Undo" })).toBeNull()
    expect(stopped).toEqual([])
  })

  it("makes the deletion final when the undo time is over: the notice goes, the agent stops", async () => {
    const { adapter } = await listOfTwo(50)
    const stopped: string[] = []
    adapter.stopChatAgent = async (agentId) => void stopped.push(agentId)
    await userEvent.click(within(sidebar()).getByRole("button", { name: "Delete Recipes" }))
    expect(notice().textContent).toBe("Conversation deleted: Recipes")
    await waitFor(() => expect(notice().textContent).toBe(""))
    await waitFor(() => expect(stopped).toHaveLength(1))
    expect(within(sidebar()).queryByRole("button", { name: "Undo" })).toBeNull()
    expect(titles()).toEqual(["Trip to Oslo"])
  })
})
