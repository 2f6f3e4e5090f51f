import type { MessageItem } from "@aichatkit/types"
import { cleanup, render, screen } from "@testing-library/react"
import { afterEach, describe, expect, it, vi } from "vitest"
import { ItemErrorBoundary } from "./ItemErrorBoundary.js"

afterEach(cleanup)

const message = (id: string): MessageItem => ({
  id,
  type: "message",
  role: "assistant",
  content: `text of ${id}`,
  timestamp: "2026-01-01T00:00:00.000Z",
})
const labels = { itemFailed: "This item could not be displayed." }

function Body({ fail, id }: { fail: boolean; id: string }) {
  if (fail) throw new Error("renderer broke")
  return <p>drawn {id}</p>
}

/** The boundary around a body for item `id` that throws while drawing when `fail`. */
const drawn = (id: string, fail: boolean) => (
  <ItemErrorBoundary item={message(id)} labels={labels}>
    <Body fail={fail} id={id} />
  </ItemErrorBoundary>
)

describe("ItemErrorBoundary", () => {
  it("stays in its fallback for the item, and tries again for another id", () => {
    vi.spyOn(console, "error").mockImplementation(() => {})
    const { rerender } = render(drawn("a", true))
    expect(screen.getByText("This item could not be displayed.")).toBeTruthy()
    rerender(drawn("a", false))
    expect(screen.getByText("text of a")).toBeTruthy()
    expect(screen.queryByText("drawn a")).toBeNull()
    rerender(drawn("b", false))
    expect(screen.getByText("drawn b")).toBeTruthy()
    vi.mocked(console.error).mockRestore()
  })
})
