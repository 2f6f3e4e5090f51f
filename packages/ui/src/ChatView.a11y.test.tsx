import { createScriptedAgent } from "@aichatkit/testing"
import { cleanup, render, screen, waitFor, within } from "@testing-library/react"
import { userEvent } from "@testing-library/user-event"
import { afterEach, describe, expect, it } from "vitest"
import { ChatView } from "./ChatView.js"
import { recordAnnouncements } from "./testdata/announcement-recorder.js"
import {
  activeConversation,
  agentFailingOnce,
  createHarness,
  waitForRun,
} from "./testdata/chat-harness.js"

afterEach(cleanup)

const composerInput = () => screen.getByRole("textbox", { name: "Message" }) as HTMLTextAreaElement

async function send(text: string) {
  const user = userEvent.setup()
  await user.type(composerInput(), `${text}{Enter}`)
  return user
}

/** A button of the error banner (the transcript's failed-turn marker has a Retry too). */
const bannerButton = (name: string) =>
  within(document.querySelector<HTMLElement>(".aichatkit-error-banner")!).getByRole("button", {
    name,
  })

/** The sentences in the list's announcer, oldest first. */
function announcerSentences(container: HTMLElement): string[] {
  const region = container.querySelector(".aichatkit-announcer")!
  return [...region.children].map((child) => child.textContent ?? "")
}

describe("ChatView announcements", () => {
  it("announces the finished answer as the text a reader sees, not its markdown", async () => {
    const { controller } = createHarness()
    const { container } = render(<ChatView controller={controller} />)
    await send("hello")
    await waitForRun(controller, "idle")
    await waitFor(() => expect(announcerSentences(container)).toHaveLength(1))
    const [sentence] = announcerSentences(container)
    expect(sentence).toMatch(/^Assistant: Here is what I found\nThe scripted agent answers every/)
    expect(sentence).toContain("code block, 2 lines")
    expect(sentence).toMatch(/Read more in the aichatkit README\.$/)
    expect(sentence).not.toMatch(/##|\*\*|```|\]\(/)
  })

  it("announces every answer once, even when it repeats the previous one", async () => {
    const { controller } = createHarness()
    const { container } = render(<ChatView controller={controller} />)
    const recorder = recordAnnouncements(container)
    await send("hello")
    await waitForRun(controller, "idle")
    await send("hello")
    await waitForRun(controller, "idle")
    // The answer is announced once its item settles, which may come a frame after the run.
    const answers = () => recorder.texts.filter((text) => text.startsWith("Assistant:"))
    await waitFor(() => expect(answers()).toHaveLength(2))
    recorder.stop()
    const [first, second] = answers()
    expect(answers()).toHaveLength(2)
    expect(first).toBe(second)
  })

  it("announces a tool running and finishing, then the answer", async () => {
    const { controller } = createHarness()
    const { container } = render(<ChatView controller={controller} />)
    await send("use the tool")
    await waitForRun(controller, "idle")
    await waitFor(() => expect(announcerSentences(container)).toHaveLength(3))
    const [running, finished, answer] = announcerSentences(container)
    expect([running, finished]).toEqual(["Running weather…", "weather finished"])
    expect(answer).toMatch(/^Assistant: It is -?\d+ °C with light rain in Oslo right now\./)
  })

  it("announces a failed tool and a card that has no text of its own", async () => {
    const { controller } = createHarness()
    const { container } = render(<ChatView controller={controller} />)
    await send("make the tool fail")
    await waitForRun(controller, "idle")
    await waitFor(() => expect(announcerSentences(container)).toContain("weather failed"))
    await send("show a card")
    await waitForRun(controller, "idle")
    await waitFor(() => expect(announcerSentences(container).at(-1)).toBe("Card: Weather in Oslo"))
  })

  it("announces a stopped answer with Stopped", async () => {
    const { controller } = createHarness({ tokenDelayMs: 20 })
    const { container } = render(<ChatView controller={controller} />)
    const user = await send("be slow")
    await screen.findByText(/arrives slowly/, {}, { timeout: 10_000 })
    await user.click(screen.getByRole("button", { name: "Stop" }))
    await waitForRun(controller, "cancelled")
    await waitFor(() => expect(announcerSentences(container).at(-1)).toBe("Stopped"))
    expect(announcerSentences(container).at(-2)).toMatch(/^Assistant: This answer arrives slowly/)
  })

  it("keeps its live regions mounted from the start and says nothing about the first connect", async () => {
    const { controller } = createHarness({ tokenDelayMs: 5 })
    const { container } = render(<ChatView controller={controller} />)
    const thinking = container.querySelector(".aichatkit-thinking")
    expect(thinking?.getAttribute("role")).toBe("status")
    expect(thinking?.textContent).toBe("")
    const composerStatus = container.querySelector('.aichatkit-composer [role="status"]')
    expect(composerStatus).not.toBeNull()
    const announcer = container.querySelector(".aichatkit-announcer")
    const recorder = recordAnnouncements(container)
    await send("hello")
    await waitFor(() =>
      expect(container.querySelector(".aichatkit-thinking")?.textContent).toBe("Thinking…"),
    )
    // The same nodes, now holding their text.
    expect(container.querySelector(".aichatkit-thinking")).toBe(thinking)
    await waitForRun(controller, "idle")
    await waitFor(() => expect(recorder.texts.at(-1)).toMatch(/^Assistant: /))
    recorder.stop()
    expect(container.querySelector(".aichatkit-announcer")).toBe(announcer)
    expect(recorder.texts.filter((text) => !text.startsWith("Assistant: "))).toEqual(["Thinking…"])
  })

  it("announces a lost connection and its return once each", async () => {
    const { adapter, controller } = createHarness()
    const { container } = render(<ChatView controller={controller} />)
    await send("hello")
    await waitForRun(controller, "idle")
    // The answer is announced once the page is idle after it: heard before the connection drops.
    await waitFor(() => expect(announcerSentences(container)).toHaveLength(1))
    const recorder = recordAnnouncements(container)
    adapter.simulateConnection("reconnecting")
    await waitFor(() => expect(recorder.texts).toEqual(["Connection lost; reconnecting…"]))
    adapter.simulateConnection("open")
    await waitFor(() =>
      expect(recorder.texts).toEqual(["Connection lost; reconnecting…", "Connected"]),
    )
    recorder.stop()
  })

  it("marks the log itself aria-busy while an answer streams", async () => {
    const { controller } = createHarness({ tokenDelayMs: 5 })
    render(<ChatView controller={controller} />)
    const log = screen.getByRole("log")
    expect(log.getAttribute("aria-busy")).toBeNull()
    await send("hello")
    await waitFor(() => expect(log.getAttribute("aria-busy")).toBe("true"))
    await waitForRun(controller, "idle")
    expect(log.getAttribute("aria-busy")).toBeNull()
  })
})

describe("ChatView focus", () => {
  it("moves focus to the composer when Stop turns into Send", async () => {
    const { controller } = createHarness({ tokenDelayMs: 20 })
    render(<ChatView controller={controller} />)
    const user = await send("be slow")
    const stop = await screen.findByRole("button", { name: "Stop" })
    stop.focus()
    await user.keyboard("{Enter}")
    await waitForRun(controller, "cancelled")
    await waitFor(() => expect(screen.queryByRole("button", { name: "Stop" })).toBeNull())
    expect(document.activeElement).toBe(composerInput())
  })

  it("moves focus to the composer when Retry or Dismiss removes the banner", async () => {
    const agent = agentFailingOnce(createScriptedAgent({ tokenDelayMs: 0 }))
    const { controller } = createHarness({ agent })
    render(<ChatView controller={controller} />)
    const user = await send("hello")
    await waitForRun(controller, "error")
    bannerButton("Retry").focus()
    await user.keyboard("{Enter}")
    await waitForRun(controller, "idle")
    await waitFor(() => expect(document.querySelector(".aichatkit-error-banner")).toBeNull())
    expect(document.activeElement).toBe(composerInput())

    await send("please error")
    await waitForRun(controller, "error")
    bannerButton("Dismiss").focus()
    await user.keyboard(" ")
    expect(document.querySelector(".aichatkit-error-banner")).toBeNull()
    expect(document.activeElement).toBe(composerInput())
    expect(activeConversation(controller)?.run.status).toBe("error")
  })
})

describe("ChatView structure", () => {
  it("separates the alert's sentence from its buttons", async () => {
    const { controller } = createHarness()
    render(<ChatView controller={controller} />)
    await send("please error")
    const alert = await screen.findByRole("alert", {}, { timeout: 10_000 })
    expect(alert.textContent).toBe(
      "The agent failed while answering (a scripted failure: the message asked for an error). Send the message again to retry.",
    )
    expect(within(alert).queryAllByRole("button")).toEqual([])
    bannerButton("Retry")
  })

  it("renders an answer's headings below the view's own heading", async () => {
    const { controller } = createHarness()
    const { unmount } = render(<ChatView controller={controller} />)
    screen.getByRole("heading", { level: 2, name: "Chat" })
    await send("hello")
    await waitForRun(controller, "idle")
    // The answer's top heading ("## Here is what I found") one level under the view's <h2>.
    screen.getByRole("heading", { level: 3, name: "Here is what I found" })
    unmount()
    render(<ChatView controller={controller} headingLevel={4} />)
    screen.getByRole("heading", { level: 4, name: "Chat" })
    screen.getByRole("heading", { level: 5, name: "Here is what I found" })
  })
})
