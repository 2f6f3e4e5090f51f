// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from "@testing-library/react"
import { useState } from "react"
import { afterEach, describe, expect, it } from "vitest"
import { EntryList, type LogEntry } from "./index.js"

afterEach(cleanup)

const delta = (sequence: number): LogEntry => ({
  sequence,
  at: sequence * 10,
  commits: 0,
  kind: "event",
  event: { type: "text-delta", agentId: "agent-1", itemId: "m", delta: `token ${sequence}` },
})

/** A page of its own that lists entries with the package's list, as Storybook's addon panel does. */
function OwnPanel({ entries }: { entries: readonly LogEntry[] }) {
  const [selected, setSelected] = useState<LogEntry | undefined>(undefined)
  return (
    <>
      <EntryList
        label="Events"
        entries={entries}
        selected={selected?.sequence}
        onSelect={setSelected}
      />
      <p>Selected: {selected ? selected.sequence : "none"}</p>
    </>
  )
}

describe("EntryList (exported)", () => {
  it("lists entries on its own, with its lines' style, rendering only those in view of 5,000", () => {
    const entries = Array.from({ length: 5000 }, (_, index) => delta(index + 1))
    const { container } = render(<OwnPanel entries={entries} />)
    const list = screen.getByRole("region", { name: "Events" })
    expect(within(list).getByRole("heading").textContent).toBe("Events (5000)")
    const lines = within(list).getAllByRole("listitem")
    expect(lines.length).toBeLessThan(100)
    expect(lines.at(-1)?.textContent).toContain('"token 5000"')
    // The list brings the rule of its lines' look: no stylesheet of the panel is needed.
    expect(container.querySelector("style")?.textContent).toContain(".aichatkit-devtools-line")

    fireEvent.click(within(list).getAllByRole("button").at(-1) as HTMLElement)
    expect(screen.getByText("Selected: 5000")).toBeTruthy()
    expect(within(list).getByRole("button", { pressed: true }).textContent).toContain("token 5000")
  })
})
