import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react"
import { userEvent } from "@testing-library/user-event"
import { afterEach, describe, expect, it } from "vitest"
import { ChatView } from "./ChatView.js"
import { activeConversation, createHarness, waitForRun } from "./testdata/chat-harness.js"

afterEach(cleanup)

const textbox = () => screen.getByRole("textbox", { name: "Message" }) as HTMLTextAreaElement
const userTexts = (controller: ReturnType<typeof createHarness>["controller"]) => {
  const conversation = activeConversation(controller)
  if (!conversation) return []
  return conversation.itemIds.flatMap((id) => {
    const item = conversation.items[id]
    return item?.type === "message" && item.role === "user" ? [item.content] : []
  })
}

/** The reason under the textarea (the composer's status region says it too, for the announcement). */
const visibleReason = ".aichatkit-composer-reason"

describe("Composer", () => {
  it("inserts a new line on Shift+Enter and sends both lines on Enter", async () => {
    const { controller } = createHarness()
    render(<ChatView controller={controller} />)
    const user = userEvent.setup()
    await user.type(textbox(), "first{Shift>}{Enter}{/Shift}second")
    expect(textbox().value).toBe("first\nsecond")
    expect(userTexts(controller)).toEqual([])
    await user.keyboard("{Enter}")
    await waitForRun(controller, "idle")
    expect(userTexts(controller)).toEqual(["first\nsecond"])
  })

  it("does not send when Enter confirms an IME composition", async () => {
    const { controller } = createHarness()
    render(<ChatView controller={controller} />)
    const input = textbox()
    fireEvent.change(input, { target: { value: "にほんご" } })
    fireEvent.compositionStart(input)
    fireEvent.keyDown(input, { key: "Enter", isComposing: true })
    fireEvent.keyDown(input, { key: "Enter", keyCode: 229 })
    fireEvent.compositionEnd(input)
    expect(input.value).toBe("にほんご")
    expect(userTexts(controller)).toEqual([])
    fireEvent.keyDown(input, { key: "Enter" })
    await waitForRun(controller, "idle")
    expect(userTexts(controller)).toEqual(["にほんご"])
  })

  it("does not send blank text", async () => {
    const { controller } = createHarness()
    render(<ChatView controller={controller} />)
    await userEvent.type(textbox(), "   {Enter}")
    expect(userTexts(controller)).toEqual([])
    expect((screen.getByRole("button", { name: "Send" }) as HTMLButtonElement).disabled).toBe(true)
  })

  it("shows Stop while a run is active and cancels it", async () => {
    const { controller } = createHarness({ tokenDelayMs: 20 })
    render(<ChatView controller={controller} />)
    await userEvent.type(textbox(), "tell me something slow{Enter}")
    const stop = await screen.findByRole("button", { name: "Stop" })
    await userEvent.click(stop)
    await waitForRun(controller, "cancelled")
    expect(screen.queryByRole("button", { name: "Stop" })).toBeNull()
    screen.getByRole("button", { name: "Send" })
  })

  it("stops a running run on Escape in the textarea, keeping the text typed so far", async () => {
    const { controller } = createHarness({ tokenDelayMs: 20 })
    render(<ChatView controller={controller} />)
    const user = userEvent.setup()
    await user.type(textbox(), "slow{Enter}")
    await screen.findByText(/arrives slowly/, {}, { timeout: 10_000 })
    await user.type(textbox(), "next question")
    await user.keyboard("{Escape}")
    await waitForRun(controller, "cancelled")
    expect(screen.queryByRole("button", { name: "Stop" })).toBeNull()
    expect(textbox().value).toBe("next question")
    expect(document.activeElement).toBe(textbox())
  })

  it("does not stop the run on Escape that closes an IME composition", async () => {
    const { controller } = createHarness({ tokenDelayMs: 20 })
    render(<ChatView controller={controller} />)
    await userEvent.type(textbox(), "slow{Enter}")
    await screen.findByText(/arrives slowly/, {}, { timeout: 10_000 })
    fireEvent.compositionStart(textbox())
    fireEvent.keyDown(textbox(), { key: "Escape", isComposing: true })
    fireEvent.compositionEnd(textbox())
    expect(activeConversation(controller)?.run.status).toBe("streaming")
    act(() => controller.cancel())
    await waitForRun(controller, "cancelled")
  })

  it("hides Stop when the adapter cannot cancel", async () => {
    const { adapter, controller } = createHarness({ tokenDelayMs: 20 })
    Object.defineProperty(adapter, "capabilities", {
      value: { ...adapter.capabilities, cancel: false },
    })
    render(<ChatView controller={controller} />)
    await userEvent.type(textbox(), "slow{Enter}")
    await screen.findByText(/arrives slowly/, {}, { timeout: 10_000 })
    expect(screen.queryByRole("button", { name: "Stop" })).toBeNull()
    // Escape cannot stop it either.
    fireEvent.keyDown(textbox(), { key: "Escape" })
    expect(activeConversation(controller)?.run.status).toBe("streaming")
    act(() => controller.cancel())
  })

  it("refuses to send while reconnecting and says why", async () => {
    const { adapter, controller } = createHarness()
    render(<ChatView controller={controller} />)
    act(() => adapter.simulateConnection("reconnecting"))
    const reason = screen.getByText("Connection lost; reconnecting…", { selector: visibleReason })
    expect(textbox().getAttribute("aria-describedby")).toBe(reason.id)
    await userEvent.type(textbox(), "hello{Enter}")
    expect(userTexts(controller)).toEqual([])
    expect((screen.getByRole("button", { name: "Send" }) as HTMLButtonElement).disabled).toBe(true)
    screen.getByText("Reconnecting")
    act(() => adapter.simulateConnection("open"))
    await waitFor(() => expect(screen.queryByText("Connection lost; reconnecting…")).toBeNull())
    await userEvent.keyboard("{Enter}")
    await waitForRun(controller, "idle")
    expect(userTexts(controller)).toEqual(["hello"])
  })

  it("says why it cannot send after the connection closed with an error", () => {
    const { adapter, controller } = createHarness()
    render(<ChatView controller={controller} />)
    act(() =>
      adapter.simulateConnection("closed", {
        code: "CONNECTION_LOST",
        message: "The server went away; check your network.",
        retryable: true,
      }),
    )
    screen.getByText("Disconnected from the assistant. The server went away; check your network.", {
      selector: visibleReason,
    })
    screen.getByText("Offline")
    expect((screen.getByRole("button", { name: "Send" }) as HTMLButtonElement).disabled).toBe(true)
  })
})
