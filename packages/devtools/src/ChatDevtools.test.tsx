// @vitest-environment happy-dom
import { type AdapterRecording, NetworkAdapter } from "@aichatkit/network-adapter"
import { createChatController, createChatStore } from "@aichatkit/store"
import { ReplayAdapter } from "@aichatkit/testing"
import type { ChatResponse, ChatResponseItem } from "@aichatkit/types"
import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react"
import { afterEach, describe, expect, it } from "vitest"
import { ChatDevtools } from "./ChatDevtools.js"
import { MAX_SHOWN_LINES } from "./DevtoolsPanel.js"
import { readFixture } from "./testdata/fixtures.js"

afterEach(cleanup)

/** An adapter whose wire carries markup, to prove the panel shows it as text. */
class MarkupAdapter extends NetworkAdapter {
  async startChatAgent(): Promise<string> {
    return "agent-1"
  }
  async sendMessage(agentId: string): Promise<ChatResponse> {
    this.tapWire("in", "test", '<img src="x" onerror="alert(1)">', agentId)
    this.emit({ type: "run-started", agentId, runId: "run-1" })
    this.emit({ type: "run-finished", agentId, runId: "run-1", status: "ok" })
    return { items: [], conversationId: agentId }
  }
  async getConversationItems(): Promise<ChatResponseItem[]> {
    return []
  }
  async clearConversationHistory(): Promise<void> {}
  async stopChatAgent(): Promise<void> {}
}

/** The panel updates once per animation frame: this waits for the next one. */
const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()))
const timeline = () => screen.getByRole("region", { name: "Timeline" })
const wire = () => screen.getByRole("region", { name: "Wire" })

async function sendRecordedTurn() {
  const adapter = new ReplayAdapter(readFixture("sse-haira"), { speed: Number.POSITIVE_INFINITY })
  const store = createChatStore()
  const controller = createChatController({ adapter, store, scheduleFlush: "sync" })
  render(<ChatDevtools adapter={adapter} store={store} defaultOpen />)
  await act(() => controller.send("hello"))
  await waitFor(() => expect(within(timeline()).getAllByText("run-finished").length).toBe(1))
  return { adapter, store, controller }
}

describe("ChatDevtools", () => {
  it("opens and closes with Alt+Shift+D", async () => {
    render(<ChatDevtools adapter={new MarkupAdapter()} />)
    expect(screen.queryByRole("region", { name: "aichatkit devtools" })).toBeNull()
    fireEvent.keyDown(window, { key: "D", altKey: true, shiftKey: true })
    expect(await screen.findByRole("region", { name: "aichatkit devtools" })).toBeTruthy()
    fireEvent.keyDown(window, { key: "d", altKey: true, shiftKey: true })
    await waitFor(() =>
      expect(screen.queryByRole("region", { name: "aichatkit devtools" })).toBeNull(),
    )
  })

  it("shows a turn's events with the store's diffs, its wire traffic and its run summary", async () => {
    await sendRecordedTurn()
    expect(within(timeline()).getAllByText("text-delta").length).toBeGreaterThan(3)
    expect(within(timeline()).getAllByText("store flush").length).toBeGreaterThan(0)
    expect(within(wire()).getAllByText("sse in").length).toBeGreaterThan(3)
    const runs = screen.getByRole("table", { name: "Runs" })
    const row = within(runs).getAllByRole("row")[1] as HTMLElement
    const cells = within(row)
      .getAllByRole("cell")
      .map((cell) => cell.textContent)
    // first token, tokens/s, frames, flushes, commits: frames and flushes were counted.
    expect(Number(cells[2])).toBeGreaterThan(3)
    expect(Number(cells[3])).toBeGreaterThan(0)
  })

  it("filters by type, searches, pauses and clears", async () => {
    const { controller } = await sendRecordedTurn()
    fireEvent.change(screen.getByLabelText("Type"), { target: { value: "run-finished" } })
    await waitFor(() => expect(within(timeline()).getAllByRole("listitem")).toHaveLength(1))
    fireEvent.change(screen.getByLabelText("Type"), { target: { value: "" } })
    fireEvent.change(screen.getByLabelText("Search"), { target: { value: "no such text" } })
    await waitFor(() => expect(within(timeline()).queryAllByRole("listitem")).toHaveLength(0))
    fireEvent.change(screen.getByLabelText("Search"), { target: { value: "" } })

    fireEvent.click(screen.getByRole("button", { name: "Clear" }))
    await waitFor(() => expect(within(timeline()).queryAllByRole("listitem")).toHaveLength(0))
    fireEvent.click(screen.getByRole("button", { name: "Pause" }))
    await screen.findByRole("button", { name: "Resume" })
    await act(() => controller.send("again"))
    await act(() => nextFrame())
    expect(within(timeline()).queryAllByRole("listitem")).toHaveLength(0)
    fireEvent.click(screen.getByRole("button", { name: "Resume" }))
    await act(() => controller.send("once more"))
    await waitFor(() => expect(within(timeline()).getAllByText("run-finished")).toHaveLength(1))
  })

  it("renders only the newest lines of a long log; a filter still reaches the earlier ones", async () => {
    const adapter = new MarkupAdapter()
    render(<ChatDevtools adapter={adapter} defaultOpen />)
    await act(async () => {
      for (let index = 0; index < MAX_SHOWN_LINES; index++) await adapter.sendMessage("agent-1")
    })
    // Two events a turn: twice as many lines as are shown.
    await waitFor(() =>
      expect(within(timeline()).getByRole("heading").textContent).toContain(
        `Timeline (${2 * MAX_SHOWN_LINES}), the last ${MAX_SHOWN_LINES} shown`,
      ),
    )
    const lines = within(timeline()).getAllByRole("listitem")
    expect(lines).toHaveLength(MAX_SHOWN_LINES)
    expect(lines.at(-1)?.textContent).toContain("run-finished")
    fireEvent.change(screen.getByLabelText("Type"), { target: { value: "run-started" } })
    await waitFor(() =>
      expect(within(timeline()).getAllByRole("listitem")).toHaveLength(MAX_SHOWN_LINES),
    )
    fireEvent.change(screen.getByLabelText("Search"), { target: { value: "no such text" } })
    await waitFor(() => expect(within(timeline()).queryAllByRole("listitem")).toHaveLength(0))
  })

  it("shows markup from the wire as text, never as HTML", async () => {
    const adapter = new MarkupAdapter()
    const { container } = render(<ChatDevtools adapter={adapter} defaultOpen />)
    await act(() => adapter.sendMessage("agent-1"))
    await waitFor(() => expect(within(wire()).getByText(/<img src="x"/)).toBeTruthy())
    expect(container.querySelector("img")).toBeNull()
  })
})

describe("ChatDevtools recording", () => {
  it("records from the panel: Record, a turn, Stop recording gives a recording that replays", async () => {
    const recordings: AdapterRecording[] = []
    const adapter = new ReplayAdapter(readFixture("sse-haira"), { speed: Number.POSITIVE_INFINITY })
    const controller = createChatController({ adapter, scheduleFlush: "sync" })
    const clicks: string[] = []
    const click = HTMLAnchorElement.prototype.click
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      clicks.push(this.download)
    }
    try {
      render(
        <ChatDevtools
          adapter={adapter}
          defaultOpen
          onRecording={(recording) => recordings.push(recording)}
        />,
      )
      fireEvent.click(screen.getByRole("button", { name: "Record" }))
      await act(() => controller.send("hello"))
      fireEvent.click(screen.getByRole("button", { name: "Stop recording" }))
    } finally {
      HTMLAnchorElement.prototype.click = click
    }
    expect(clicks).toHaveLength(1)
    expect(clicks[0]).toMatch(/^aichatkit-recording-.*\.json$/)
    const [recording] = recordings
    expect(recording?.entries.some((entry) => entry.kind === "answer")).toBe(true)
    const replay = new ReplayAdapter(recording!, { speed: Number.POSITIVE_INFINITY })
    const response = await replay.sendMessage(await replay.startChatAgent(), "hello")
    expect(response.items.length).toBeGreaterThan(0)
  })
})
