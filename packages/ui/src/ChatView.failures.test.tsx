import { ChatError } from "@aichatkit/types"
import { cleanup, render, screen, waitFor, within } from "@testing-library/react"
import { userEvent } from "@testing-library/user-event"
import { afterEach, describe, expect, it } from "vitest"
import { ChatView } from "./ChatView.js"
import { createHarness, waitForRun } from "./testdata/chat-harness.js"

afterEach(cleanup)

async function send(text: string) {
  await userEvent.type(screen.getByRole("textbox", { name: "Message" }), `${text}{Enter}`)
}

/** The user's messages in the transcript, in order. */
function userMessages(): string[] {
  const log = screen.getByRole("log")
  return [...log.querySelectorAll(".aichatkit-message--user .aichatkit-message-bubble")].map(
    (element) => element.textContent ?? "",
  )
}

describe("ChatView: a first message whose agent cannot start", () => {
  it("keeps the message with the error and a Retry that sends it once", async () => {
    const { adapter, controller } = createHarness()
    const start = adapter.startChatAgent.bind(adapter)
    let down = true
    adapter.startChatAgent = () =>
      down ? Promise.reject(new Error("fetch failed: backend down")) : start()
    render(<ChatView controller={controller} />)
    await send("hello")
    const alert = await screen.findByRole("alert")
    expect(alert.textContent).toMatch(/backend down/)
    expect(userMessages()).toEqual(["hello"])
    down = false
    await userEvent.click(within(alert).getByRole("button", { name: "Retry" }))
    await screen.findByText(/watch the tokens arrive/, {}, { timeout: 10_000 })
    await waitForRun(controller, "idle")
    expect(userMessages()).toEqual(["hello"])
  })

  it("keeps the message when the adapter throws a ChatError on start", async () => {
    const { adapter, controller } = createHarness()
    adapter.startChatAgent = () =>
      Promise.reject(new ChatError("CONNECTION_FAILED", "The server is unreachable."))
    render(<ChatView controller={controller} />)
    await send("are you there?")
    await waitFor(() => expect(screen.getByRole("alert").textContent).toMatch(/unreachable/))
    expect(userMessages()).toEqual(["are you there?"])
  })
})
