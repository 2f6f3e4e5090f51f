// @vitest-environment happy-dom
import { type AdapterRecording, NetworkAdapter } from "@aichatkit/network-adapter"
import { createChatController, createChatStore } from "@aichatkit/store"
import { ReplayAdapter } from "@aichatkit/testing"
import type { ChatResponse, ChatResponseItem } from "@aichatkit/types"
import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react"
import { Profiler } from "react"
import { afterEach, describe, expect, it } from "vitest"
import { ChatDevtools } from "./ChatDevtools.js"
import { MAX_LOG_ENTRIES } from "./devtools-log.js"
import { readFixture } from "./testdata/fixtures.js"
import { OVERSCAN_ROWS, ROW_HEIGHT } from "./use-visible-rows.js"

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

/** An adapter that emits `count` text deltas at once, as a fast stream does. */
class BurstAdapter extends MarkupAdapter {
  burst(count: number, delta: (index: number) => string = (index) => `token ${index}`) {
    for (let index = 0; index < count; index++) {
      this.emit({ type: "text-delta", agentId: "agent-1", itemId: "m", delta: delta(index) })
    }
  }
  start() {
    this.emit({ type: "run-started", agentId: "agent-1", runId: "run-1" })
  }
}

/** Gives every element this height (a DOM without layout has none); returns the function that undoes it. */
function fixClientHeight(height: number): () => void {
  const clientHeight = Object.getOwnPropertyDescriptor(HTMLElement.prototype, "clientHeight")
  Object.defineProperty(HTMLElement.prototype, "clientHeight", {
    configurable: true,
    get: () => height,
  })
  return () => {
    if (clientHeight) Object.defineProperty(HTMLElement.prototype, "clientHeight", clientHeight)
  }
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

  it("renders only the lines in view of 5,000, follows the newest, and stays on earlier ones when scrolled to", async () => {
    const adapter = new BurstAdapter()
    const rowsInView = 10
    const restore = fixClientHeight(rowsInView * ROW_HEIGHT)
    try {
      render(<ChatDevtools adapter={adapter} defaultOpen />)
      act(() => adapter.burst(4990))
      await waitFor(() =>
        expect(within(timeline()).getByRole("heading").textContent).toBe("Timeline (4990)"),
      )
      const mostLines = rowsInView + 2 * OVERSCAN_ROWS
      let lines = within(timeline()).getAllByRole("listitem")
      expect(lines.length).toBeGreaterThanOrEqual(rowsInView)
      expect(lines.length).toBeLessThanOrEqual(mostLines)
      expect(lines.at(-1)?.textContent).toContain('"token 4989"')
      expect(lines.at(-1)?.getAttribute("aria-posinset")).toBe("4990")
      expect(lines.at(-1)?.getAttribute("aria-setsize")).toBe("4990")

      // The scroll position counts from the bottom (a column-reverse scroller): the top is below 0.
      const scroller = timeline().querySelector("[tabindex]") as HTMLElement
      scroller.scrollTop = -(4990 * ROW_HEIGHT - rowsInView * ROW_HEIGHT)
      fireEvent.scroll(scroller)
      lines = within(timeline()).getAllByRole("listitem")
      expect(lines.length).toBeLessThanOrEqual(mostLines)
      expect(lines[0]?.textContent).toContain('"token 0"')
      // Scrolled up, the view stays on the same lines while more come.
      act(() => adapter.burst(10, (index) => `more ${index}`))
      await waitFor(() =>
        expect(within(timeline()).getByRole("heading").textContent).toBe("Timeline (5000)"),
      )
      expect(within(timeline()).getAllByRole("listitem")[0]?.textContent).toContain('"token 0"')
      expect(scroller.scrollTop).toBe(-(5000 * ROW_HEIGHT - rowsInView * ROW_HEIGHT))
    } finally {
      restore()
    }
  })

  it("keeps the line read in place while the full log drops its oldest lines, and follows the newest at the bottom", async () => {
    const adapter = new BurstAdapter()
    const rowsInView = 10
    const viewHeight = rowsInView * ROW_HEIGHT
    const restore = fixClientHeight(viewHeight)
    try {
      render(<ChatDevtools adapter={adapter} defaultOpen />)
      act(() => adapter.burst(MAX_LOG_ENTRIES))
      await waitFor(() =>
        expect(within(timeline()).getByRole("heading").textContent).toBe("Timeline (5000)"),
      )
      const scroller = timeline().querySelector("[tabindex]") as HTMLElement
      const fullHeight = MAX_LOG_ENTRIES * ROW_HEIGHT
      // The line at the top of the view, from the scroll position (it counts from the bottom).
      const topLine = () => {
        const row = Math.floor((fullHeight - viewHeight + scroller.scrollTop) / ROW_HEIGHT)
        return within(timeline())
          .getAllByRole("listitem")
          .find((line) => line.getAttribute("aria-posinset") === String(row + 1))
      }

      // Scrolled up to read "token 2000" at the top of the view, 5 px of it above the view.
      scroller.scrollTop = -(fullHeight - viewHeight - 2000 * ROW_HEIGHT - 5)
      fireEvent.scroll(scroller)
      expect(topLine()?.textContent).toContain('"token 2000"')

      // 300 more drop the 300 oldest: the line read moves 300 rows up the list, and the view with it.
      act(() => adapter.burst(300, (index) => `more ${index}`))
      // The log hands its new snapshot to the panel on the next animation frame.
      await act(() => nextFrame())
      expect(scroller.scrollTop).toBe(-(fullHeight - viewHeight - 1700 * ROW_HEIGHT - 5))
      expect(topLine()?.textContent).toContain('"token 2000"')
      expect(topLine()?.getAttribute("aria-posinset")).toBe("1701")

      // The line read is dropped itself: the view stays at the top, on the oldest line kept.
      act(() => adapter.burst(2000, (index) => `last ${index}`))
      await act(() => nextFrame())
      expect(scroller.scrollTop).toBe(-(fullHeight - viewHeight))
      fireEvent.scroll(scroller) // as a browser reports the scroll it was put at
      expect(topLine()?.textContent).toContain('"token 2300"')

      // Back at the bottom, the list follows the newest lines again.
      scroller.scrollTop = 0
      fireEvent.scroll(scroller)
      act(() => adapter.burst(5, (index) => `newest ${index}`))
      await waitFor(() =>
        expect(within(timeline()).getAllByRole("listitem").at(-1)?.textContent).toContain(
          '"newest 4"',
        ),
      )
      expect(scroller.scrollTop).toBe(0)
      expect(topLine()?.textContent).toContain('"last 1995"')
    } finally {
      restore()
    }
  })

  it("renders the panel at most once per animation frame under a burst of 1,000 events", async () => {
    const adapter = new BurstAdapter()
    let commits = 0
    render(
      <Profiler id="devtools" onRender={() => commits++}>
        <ChatDevtools adapter={adapter} defaultOpen />
      </Profiler>,
    )
    await act(() => nextFrame())
    // The panel's commits as each animation frame starts.
    const commitsAtFrames: number[] = []
    let counting = true
    const count = () => {
      commitsAtFrames.push(commits)
      if (counting) requestAnimationFrame(count)
    }
    requestAnimationFrame(count)
    await act(() => nextFrame())
    const before = commits
    act(() => {
      for (let burst = 0; burst < 10; burst++) adapter.burst(100)
    })
    await waitFor(() =>
      expect(within(timeline()).getByRole("heading").textContent).toBe("Timeline (1000)"),
    )
    await act(() => nextFrame())
    await act(() => nextFrame())
    counting = false
    const perFrame = commitsAtFrames.slice(1).map((at, index) => at - (commitsAtFrames[index] ?? 0))
    expect(commits).toBeGreaterThan(before)
    expect(Math.max(...perFrame)).toBeLessThanOrEqual(1)
    expect(within(timeline()).getAllByRole("listitem").length).toBeLessThan(100)
  })

  it("a filter reaches the earliest entries kept, and a selected line shows its whole text", async () => {
    const adapter = new BurstAdapter()
    render(<ChatDevtools adapter={adapter} defaultOpen />)
    const long = `${"x".repeat(1000)} the end`
    act(() => {
      adapter.start()
      adapter.burst(1, () => long)
      adapter.burst(4000)
    })
    await waitFor(() =>
      expect(within(timeline()).getByRole("heading").textContent).toBe("Timeline (4002)"),
    )
    fireEvent.change(screen.getByLabelText("Type"), { target: { value: "run-started" } })
    await waitFor(() => expect(within(timeline()).getAllByRole("listitem")).toHaveLength(1))
    fireEvent.change(screen.getByLabelText("Type"), { target: { value: "" } })
    fireEvent.change(screen.getByLabelText("Search"), { target: { value: "the end" } })
    await waitFor(() => expect(within(timeline()).getAllByRole("listitem")).toHaveLength(1))
    const line = within(timeline()).getByRole("button", { pressed: false })
    // One line shows the start of a long entry; selected, the whole of it is shown.
    expect(line.textContent).not.toContain("the end")
    fireEvent.click(line)
    const selected = screen.getByRole("region", { name: "Selected line" })
    expect(selected.textContent).toContain(`"delta": "${long}"`)
    expect(within(timeline()).getByRole("button", { pressed: true })).toBe(line)
    fireEvent.click(within(selected).getByRole("button", { name: "Close" }))
    expect(screen.queryByRole("region", { name: "Selected line" })).toBeNull()
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
