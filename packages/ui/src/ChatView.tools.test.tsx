import { MemoryAdapter } from "@aichatkit/testing"
import type { ToolCallItem as ToolCallItemData } from "@aichatkit/types"
import { cleanup, render, screen, waitFor, within } from "@testing-library/react"
import { userEvent } from "@testing-library/user-event"
import { afterEach, describe, expect, it, vi } from "vitest"
import type { BrowserToolContext } from "./browser-tools.js"
import { ChatView } from "./ChatView.js"
import { createHarness, waitForRun } from "./testdata/chat-harness.js"

afterEach(cleanup)

async function send(text: string) {
  const user = userEvent.setup()
  await user.type(screen.getByRole("textbox", { name: "Message" }), `${text}{Enter}`)
  return user
}

function toolCall(controller: ReturnType<typeof createHarness>["controller"], name: string) {
  const state = controller.store.getState()
  const conversation = state.conversations[state.activeConversationId as string]
  const items = conversation ? conversation.itemIds.map((id) => conversation.items[id]) : []
  return items.find(
    (item): item is ToolCallItemData => item?.type === "tool_call" && item.toolCall.name === name,
  )
}

describe("ChatView: tool approval", () => {
  it("asks to approve a call with the keyboard, then shows it approved and the agent going on", async () => {
    const { controller } = createHarness()
    render(<ChatView controller={controller} />)
    const user = await send("approve a weather lookup")
    const call = await screen.findByRole(
      "group",
      { name: "Tool call: weather" },
      { timeout: 10_000 },
    )
    await within(call).findByText("Needs your approval")
    const approve = within(call).getByRole("button", { name: "Approve" })
    approve.focus()
    await user.keyboard("{Enter}")
    await within(call).findByText("You approved this call.", {}, { timeout: 10_000 })
    await within(screen.getByRole("log")).findByText(/light rain in Oslo/, {}, { timeout: 10_000 })
    expect(toolCall(controller, "weather")?.toolCall).toMatchObject({
      status: "completed",
      approval: { approved: true },
    })
    expect(within(call).queryByRole("button", { name: "Approve" })).toBeNull()
  })

  it("denies with a reason typed in the field (Enter denies)", async () => {
    const { controller } = createHarness()
    render(<ChatView controller={controller} />)
    const user = await send("approve")
    const call = await screen.findByRole(
      "group",
      { name: "Tool call: weather" },
      { timeout: 10_000 },
    )
    await user.type(
      within(call).getByRole("textbox", { name: "Reason (optional)" }),
      "not today{Enter}",
    )
    await within(call).findByText("You denied this call. not today", {}, { timeout: 10_000 })
    await within(screen.getByRole("log")).findByText(
      /did not look up the weather/,
      {},
      { timeout: 10_000 },
    )
    expect(toolCall(controller, "weather")?.toolCall.status).toBe("cancelled")
  })

  it("offers no buttons when the adapter cannot send answers", async () => {
    class NoAnswers extends MemoryAdapter {
      override readonly capabilities = { ...new MemoryAdapter().capabilities, toolApproval: false }
    }
    render(<ChatView adapter={new NoAnswers({ tokenDelayMs: 0 })} />)
    await send("approve")
    const call = await screen.findByRole(
      "group",
      { name: "Tool call: weather" },
      { timeout: 10_000 },
    )
    await within(call).findByText("Needs your approval")
    expect(within(call).queryByRole("button", { name: "Approve" })).toBeNull()
  })
})

describe("ChatView: browser tools", () => {
  it("runs a function tool once and sends its output back", async () => {
    const { controller } = createHarness()
    const getLocation = vi.fn(async () => ({ city: "Bergen" }))
    render(<ChatView controller={controller} tools={{ getLocation }} />)
    await send("where is my location?")
    await within(screen.getByRole("log")).findByText(/you are in/, {}, { timeout: 10_000 })
    await screen.findByText("Bergen", {}, { timeout: 10_000 })
    expect(getLocation).toHaveBeenCalledTimes(1)
    expect(toolCall(controller, "getLocation")?.toolCall).toMatchObject({
      status: "completed",
      result: { city: "Bergen" },
    })
  })

  it("turns a thrown error into the call's error, which the agent sees", async () => {
    const { controller } = createHarness()
    const getLocation = () => {
      throw new Error("Location is turned off")
    }
    render(<ChatView controller={controller} tools={{ getLocation }} />)
    await send("location please")
    await within(screen.getByRole("log")).findByText(
      /could not tell me where you are \(Location is turned off\)/,
      {},
      {
        timeout: 10_000,
      },
    )
    expect(toolCall(controller, "getLocation")?.toolCall).toMatchObject({
      status: "error",
      error: "Location is turned off",
    })
    await waitForRun(controller, "idle")
  })

  it("draws a component tool inside the call and answers with what the user picks", async () => {
    const { controller } = createHarness()
    const getLocation = (_args: Record<string, unknown>, { respond }: BrowserToolContext) => (
      <button type="button" onClick={() => respond({ city: "Tromsø" })}>
        I am in Tromsø
      </button>
    )
    render(<ChatView controller={controller} tools={{ getLocation }} />)
    const user = await send("my location")
    const call = await screen.findByRole(
      "group",
      { name: "Tool call: getLocation" },
      {
        timeout: 10_000,
      },
    )
    await user.click(await within(call).findByRole("button", { name: "I am in Tromsø" }))
    await screen.findByText("Tromsø", { selector: "strong" }, { timeout: 10_000 })
    await waitFor(() => expect(within(call).queryByRole("button", { name: /Tromsø/ })).toBeNull())
  })
})
