import type { MessageItem as MessageItemData } from "@aichatkit/types"
import { cleanup, render, screen } from "@testing-library/react"
import { afterEach, describe, expect, it } from "vitest"
import { MessageItem } from "./MessageItem.js"

afterEach(cleanup)

const message = (overrides: Partial<MessageItemData> = {}): MessageItemData => ({
  id: "m1",
  type: "message",
  role: "assistant",
  content: "Hello **world**",
  timestamp: "2026-11-23T09:05:00Z",
  ...overrides,
})

describe("MessageItem", () => {
  it("renders assistant text as markdown, labelled by its author", () => {
    const { container } = render(<MessageItem item={message()} />)
    const article = screen.getByRole("article", { name: "Assistant" })
    expect(article.className).toContain("aichatkit-message--assistant")
    expect(container.querySelector("strong")?.textContent).toBe("world")
  })

  it("renders user text as written, without markdown or HTML", () => {
    const content = "**not bold**\n<img src=x onerror=alert(1)>\nsecond line"
    const { container } = render(<MessageItem item={message({ role: "user", content })} />)
    expect(screen.getByRole("article", { name: "You" }).className).toContain(
      "aichatkit-message--user",
    )
    expect(container.querySelector("strong")).toBeNull()
    expect(container.querySelector("img")).toBeNull()
    expect(container.querySelector(".aichatkit-message-text")?.textContent).toBe(content)
  })

  it("renders system messages with their own style", () => {
    render(<MessageItem item={message({ role: "system", content: "Session restored" })} />)
    expect(screen.getByRole("article", { name: "System" }).className).toContain(
      "aichatkit-message--system",
    )
  })

  it("is busy and shows a caret while streaming, and not afterwards", () => {
    const view = render(<MessageItem item={message({ content: "Hel" })} streaming />)
    const article = screen.getByRole("article")
    expect(article.getAttribute("aria-busy")).toBe("true")
    expect(view.container.querySelector(".aichatkit-caret")).toBeTruthy()
    expect(article.className).toContain("aichatkit-message--streaming")
    view.rerender(<MessageItem item={message({ content: "Hello" })} />)
    expect(article.getAttribute("aria-busy")).toBeNull()
    expect(view.container.querySelector(".aichatkit-caret")).toBeNull()
  })

  it("shows a timestamp as a machine-readable <time> when asked", () => {
    const view = render(<MessageItem item={message()} />)
    expect(view.container.querySelector("time")).toBeNull()
    view.rerender(<MessageItem item={message()} showTimestamp />)
    const time = view.container.querySelector("time")
    expect(time?.getAttribute("dateTime")).toBe("2026-11-23T09:05:00.000Z")
    expect(time?.textContent).toMatch(/\d/)
  })

  it("leaves out a timestamp that is not a date", () => {
    const { container } = render(
      <MessageItem item={message({ timestamp: "yesterday-ish" })} showTimestamp />,
    )
    expect(container.querySelector("time")).toBeNull()
  })

  it("shows the avatar, hidden from assistive technology", () => {
    const { container } = render(<MessageItem item={message()} avatar={<span>🤖</span>} />)
    const avatar = container.querySelector(".aichatkit-message-avatar")
    expect(avatar?.textContent).toBe("🤖")
    expect(avatar?.getAttribute("aria-hidden")).toBe("true")
  })

  it("takes className and labels", () => {
    render(<MessageItem item={message()} className="mine" labels={{ roleAssistant: "Bot" }} />)
    expect(screen.getByRole("article", { name: "Bot" }).className).toContain("mine")
  })
})
