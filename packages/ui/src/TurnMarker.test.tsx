import { cleanup, render, screen, within } from "@testing-library/react"
import { userEvent } from "@testing-library/user-event"
import { afterEach, describe, expect, it } from "vitest"
import { ChatView } from "./ChatView.js"
import { waitForRun } from "./testdata/chat-harness.js"
import {
  restoredController,
  storedFilesFailure,
  storedTypedFailure,
  storedVoiceFailure,
} from "./testdata/restored-chat.js"

afterEach(cleanup)

/** The user's messages in the transcript, in order. */
function userMessages(): string[] {
  const log = screen.getByRole("log")
  return [...log.querySelectorAll(".aichatkit-message--user .aichatkit-message-bubble")].map(
    (element) => element.textContent ?? "",
  )
}

describe("TurnMarker after a reload", () => {
  it("shows a typed message's failure with its reason and a Retry that sends it again, once", async () => {
    const controller = restoredController(storedTypedFailure)
    render(<ChatView controller={controller} />)
    const marker = (await screen.findByText(/^Not answered:/)).closest(".aichatkit-turn-marker")
    expect(marker?.textContent).toBe("Not answered: The connection to the server was lost.Retry")
    // The failure is shown where it happened, not announced again as an alert.
    expect(screen.queryByRole("alert")).toBeNull()
    await userEvent.click(within(marker as HTMLElement).getByRole("button", { name: "Retry" }))
    await waitForRun(controller, "idle")
    expect(screen.queryByText(/^Not answered:/)).toBeNull()
    expect(userMessages()).toEqual(["What is the weather in Oslo?"])
    const log = screen.getByRole("log")
    expect(log.querySelectorAll(".aichatkit-message--assistant").length).toBeGreaterThan(0)
    controller.dispose()
  })

  it("offers no Retry for a voice message's failure: its recording was not kept", async () => {
    const controller = restoredController(storedVoiceFailure)
    render(<ChatView controller={controller} />)
    const marker = (await screen.findByText(/^Not answered:/)).closest(".aichatkit-turn-marker")
    expect(marker?.textContent).toMatch(/^Not answered: The connection .* record it again/)
    expect(within(marker as HTMLElement).queryByRole("button", { name: "Retry" })).toBeNull()
    controller.dispose()
  })

  it("offers no Retry for a message with files: they were not kept, and it says to attach them again", async () => {
    const controller = restoredController(storedFilesFailure)
    render(<ChatView controller={controller} />)
    const marker = (await screen.findByText(/^Not answered:/)).closest(".aichatkit-turn-marker")
    expect(marker?.textContent).toBe(
      "Not answered: The connection to the server was lost. The files of this message were not kept when the chat reloaded; attach them again.",
    )
    expect(within(marker as HTMLElement).queryByRole("button", { name: "Retry" })).toBeNull()
    controller.dispose()
  })
})
