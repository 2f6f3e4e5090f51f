import { createChatController, createChatStore } from "@aichatkit/store"
import { createScriptedAgent, MemoryAdapter } from "@aichatkit/testing"
import { type AdapterError, ChatError } from "@aichatkit/types"
import { cleanup, render, screen, waitFor, within } from "@testing-library/react"
import { userEvent } from "@testing-library/user-event"
import { afterEach, describe, expect, it } from "vitest"
import { ChatView } from "./ChatView.js"
import { agentFailingOnce, createHarness, waitForRun } from "./testdata/chat-harness.js"

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

/** The error banner around an alert (its buttons sit beside the alert's sentence). */
function banner(alert: HTMLElement): HTMLElement {
  return alert.closest(".aichatkit-error-banner") as HTMLElement
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
    await userEvent.click(within(banner(alert)).getByRole("button", { name: "Retry" }))
    await within(screen.getByRole("log")).findByText(
      /watch the tokens arrive/,
      {},
      { timeout: 10_000 },
    )
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

/** The transcript's marker of a failed turn, once it is there. */
async function failedMarker(): Promise<HTMLElement> {
  await waitFor(() =>
    expect(screen.getByRole("log").querySelector(".aichatkit-turn-marker--failed")).not.toBeNull(),
  )
  return screen.getByRole("log").querySelector(".aichatkit-turn-marker--failed") as HTMLElement
}

describe("ChatView: a failed turn stays in the transcript", () => {
  it("keeps the failed marker with Retry after Dismiss, and Retry there re-runs the turn once", async () => {
    const agent = agentFailingOnce(createScriptedAgent({ tokenDelayMs: 0 }))
    const { controller } = createHarness({ agent })
    render(<ChatView controller={controller} />)
    await send("hello")
    const alert = await screen.findByRole("alert", {}, { timeout: 10_000 })
    await userEvent.click(within(banner(alert)).getByRole("button", { name: "Dismiss" }))
    expect(screen.queryByRole("alert")).toBeNull()
    const marker = await failedMarker()
    expect(marker.textContent).toMatch(/^Not answered: .*scripted failure/)
    const retry = within(marker).getByRole("button", { name: "Retry" })
    expect(
      document.getElementById(retry.getAttribute("aria-describedby") ?? "")?.textContent,
    ).toMatch(/^Not answered: /)
    await userEvent.click(retry)
    // The marker went with its button: focus is on the transcript, not the page.
    expect(document.activeElement).toBe(screen.getByRole("log"))
    await within(screen.getByRole("log")).findByText(
      /watch the tokens arrive/,
      {},
      { timeout: 10_000 },
    )
    await waitForRun(controller, "idle")
    expect(userMessages()).toEqual(["hello"])
    expect(screen.getByRole("log").querySelector(".aichatkit-turn-marker")).toBeNull()
  })

  it("keeps the failed marker, without Retry, after the next message", async () => {
    const agent = agentFailingOnce(createScriptedAgent({ tokenDelayMs: 0 }))
    const { controller } = createHarness({ agent })
    render(<ChatView controller={controller} />)
    await send("first")
    await failedMarker()
    await send("second")
    await within(screen.getByRole("log")).findByText(
      /watch the tokens arrive/,
      {},
      { timeout: 10_000 },
    )
    await waitForRun(controller, "idle")
    const marker = await failedMarker()
    expect(marker.textContent).toMatch(/scripted failure/)
    expect(within(marker).queryByRole("button")).toBeNull()
    expect(userMessages()).toEqual(["first", "second"])
  })

  it("marks an answer the user stopped", async () => {
    const { controller } = createHarness({ tokenDelayMs: 20 })
    render(<ChatView controller={controller} />)
    await send("a slow one please")
    await screen.findByText(/arrives slowly/, {}, { timeout: 10_000 })
    await userEvent.click(screen.getByRole("button", { name: "Stop" }))
    await waitForRun(controller, "cancelled")
    const log = screen.getByRole("log")
    await waitFor(() =>
      expect(log.querySelector(".aichatkit-turn-marker--stopped")?.textContent).toBe("Stopped"),
    )
  })
})

/** Takes the answer to a tool call; the run the answer starts fails. */
class FailingAnswerAdapter extends MemoryAdapter {
  static readonly failure: AdapterError = {
    code: "SERVER_ERROR",
    message: "The agent failed after your answer.",
    retryable: true,
  }

  override async respondToToolCall(agentId: string): Promise<void> {
    const runId = "answer-run"
    const error = FailingAnswerAdapter.failure
    this.emit({ type: "run-started", agentId, runId })
    this.emit({ type: "run-finished", agentId, runId, status: "error", error })
  }
}

describe("ChatView: a failed run that an answer to a tool call started", () => {
  it("shows the reason in the banner and on the marker, and offers no Retry", async () => {
    const adapter = new FailingAnswerAdapter({ tokenDelayMs: 0 })
    const controller = createChatController({ adapter, store: createChatStore() })
    render(<ChatView controller={controller} />)
    await send("approve a weather lookup")
    const call = await screen.findByRole(
      "group",
      { name: "Tool call: weather" },
      { timeout: 10_000 },
    )
    await userEvent.click(await within(call).findByRole("button", { name: "Approve" }))
    const alert = await screen.findByRole("alert", {}, { timeout: 10_000 })
    expect(alert.textContent).toBe("The agent failed after your answer.")
    expect(within(banner(alert)).queryByRole("button", { name: "Retry" })).toBeNull()
    const marker = await failedMarker()
    expect(marker.textContent).toMatch(/^Not answered: The agent failed after your answer/)
    expect(within(marker).queryByRole("button")).toBeNull()
    expect(userMessages()).toEqual(["approve a weather lookup"])
  })
})
