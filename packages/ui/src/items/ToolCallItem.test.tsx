import type { ToolCall, ToolCallItem as ToolCallItemData } from "@aichatkit/types"
import { cleanup, render, screen } from "@testing-library/react"
import { userEvent } from "@testing-library/user-event"
import { afterEach, describe, expect, it } from "vitest"
import { ToolCallItem } from "./ToolCallItem.js"

afterEach(cleanup)

const toolCall = (overrides: Partial<ToolCall> = {}): ToolCallItemData => ({
  id: "t1",
  type: "tool_call",
  toolCall: {
    id: "c1",
    name: "weather",
    arguments: { city: "Oslo", units: "metric" },
    status: "pending",
    ...overrides,
  },
})

describe("ToolCallItem", () => {
  it.each([
    ["pending", "Pending", "○"],
    ["executing", "Running", "◐"],
    ["completed", "Completed", "✓"],
    ["error", "Failed", "✕"],
    ["cancelled", "Cancelled", "⊘"],
  ] as const)("shows the %s status as text and symbol", (status, text, symbol) => {
    const { container } = render(<ToolCallItem item={toolCall({ status })} />)
    const group = screen.getByRole("group", { name: "Tool call: weather" })
    expect(group.className).toContain(`aichatkit-tool-call--${status}`)
    const badge = container.querySelector(".aichatkit-tool-call-status")
    expect(badge?.textContent).toBe(`${symbol} ${text}`)
    screen.getByText("weather")
  })

  it("shows a progress bar with its value while running", () => {
    const view = render(<ToolCallItem item={toolCall({ status: "executing", progress: 42.4 })} />)
    const bar = screen.getByRole("progressbar", { name: "Progress: weather" })
    expect(bar.getAttribute("aria-valuenow")).toBe("42")
    expect(bar.getAttribute("aria-valuemin")).toBe("0")
    expect(bar.getAttribute("aria-valuemax")).toBe("100")
    view.rerender(<ToolCallItem item={toolCall({ status: "executing", progress: 250 })} />)
    expect(screen.getByRole("progressbar").getAttribute("aria-valuenow")).toBe("100")
    view.rerender(
      <ToolCallItem item={toolCall({ status: "completed", progress: 100, result: 1 })} />,
    )
    expect(screen.queryByRole("progressbar")).toBeNull()
  })

  it.each([undefined, Number.NaN, Number.POSITIVE_INFINITY])(
    "shows no progress bar when progress is %s",
    (progress) => {
      const item = toolCall({ status: "executing" })
      if (progress !== undefined) item.toolCall.progress = progress
      render(<ToolCallItem item={item} />)
      expect(screen.queryByRole("progressbar")).toBeNull()
    },
  )

  it("shows the error message of a failed call, as text", () => {
    render(
      <ToolCallItem
        item={toolCall({ status: "error", error: "City <b>Atlantis</b> not found" })}
      />,
    )
    screen.getByText("City <b>Atlantis</b> not found")
    expect(document.querySelector("b")).toBeNull()
  })

  it("opens and closes arguments and result from the keyboard", async () => {
    const user = userEvent.setup()
    render(
      <ToolCallItem
        item={toolCall({ status: "completed", result: { temperature: 21, sky: "clear" } })}
      />,
    )
    const argumentsButton = screen.getByRole("button", { name: "Arguments" })
    expect(argumentsButton.getAttribute("aria-expanded")).toBe("false")
    expect(screen.queryByText(/"city": "Oslo"/)).toBeNull()

    await user.tab()
    expect(document.activeElement).toBe(argumentsButton)
    await user.keyboard("{Enter}")
    expect(argumentsButton.getAttribute("aria-expanded")).toBe("true")
    expect(screen.getByText(/"city": "Oslo"/).textContent).toBe(
      '{\n  "city": "Oslo",\n  "units": "metric"\n}',
    )

    await user.tab()
    const resultButton = screen.getByRole("button", { name: "Result" })
    expect(document.activeElement).toBe(resultButton)
    await user.keyboard(" ")
    expect(resultButton.getAttribute("aria-expanded")).toBe("true")
    screen.getByText(/"temperature": 21/)

    await user.click(argumentsButton)
    expect(argumentsButton.getAttribute("aria-expanded")).toBe("false")
    expect(screen.queryByText(/"city": "Oslo"/)).toBeNull()
  })

  it("shows a string result as it is and no result section before there is one", async () => {
    const user = userEvent.setup()
    const view = render(<ToolCallItem item={toolCall({ status: "executing" })} />)
    expect(screen.queryByRole("button", { name: "Result" })).toBeNull()
    view.rerender(<ToolCallItem item={toolCall({ status: "completed", result: "<i>sunny</i>" })} />)
    await user.click(screen.getByRole("button", { name: "Result" }))
    screen.getByText("<i>sunny</i>")
  })

  it("shows arguments it cannot serialise without failing", async () => {
    const user = userEvent.setup()
    const cyclic: Record<string, unknown> = { big: 10n }
    cyclic.self = cyclic
    render(<ToolCallItem item={toolCall({ arguments: cyclic })} />)
    await user.click(screen.getByRole("button", { name: "Arguments" }))
    expect(screen.getByText(/"big": "10"/).textContent).toContain('"self": "(cannot be shown)"')
  })

  it("keeps an unknown status from the wire out of the class list", () => {
    const item = toolCall()
    ;(item.toolCall as { status: string }).status = "half done now"
    render(<ToolCallItem item={item} />)
    const group = screen.getByRole("group")
    expect([...group.classList]).toEqual([
      "aichatkit-tool-call",
      "aichatkit-tool-call--half-done-now",
    ])
    expect(group.textContent).toContain("half done now")
  })
})
