/**
 * Hostile text from the wire must never blank the app: markdown the lexer cannot take shows
 * as plain text, a failing item shows alone as plain text, and tool names or card types that
 * are prototype names never reach `Object.prototype` (issue 13, items 5 and 7).
 */
import { createChatController, createChatStore } from "@aichatkit/store"
import { chatPersistence } from "@aichatkit/store/persist"
import { CHART_INTRO, CHART_NAME, MemoryAdapter } from "@aichatkit/testing"
import type { Attachment, ChatResponseItem } from "@aichatkit/types"
import { cleanup, render, screen, waitFor, within } from "@testing-library/react"
import { userEvent } from "@testing-library/user-event"
import fc from "fast-check"
import { afterEach, describe, expect, it } from "vitest"
import { ChatInterface } from "./ChatInterface.js"
import { ChatView } from "./ChatView.js"
import { Attachments } from "./items/Attachments.js"
import type { CardItemProps, ToolCallItemProps } from "./items/index.js"
import { Markdown } from "./items/Markdown.js"
import { createHarness } from "./testdata/chat-harness.js"
import { seedConversation } from "./testdata/story-chat.js"

afterEach(cleanup)

const plainNotice = /Shown as plain text/
const timestamp = "2026-01-01T00:00:01.000Z"

/** Inputs that overflowed marked's stack or froze the tab for seconds. */
const hostileMarkdown: Record<string, string> = {
  "nested quotes": "> ".repeat(2_000),
  "nested list markers": "- ".repeat(20_000),
  "a 40,000-star emphasis run": `${"*".repeat(20_000)}a${"*".repeat(20_000)}`,
  "quadratic emphasis": "*a _".repeat(10_000),
}

const prototypeNames = [
  "__proto__",
  "constructor",
  "toString",
  "hasOwnProperty",
  "valueOf",
  "isPrototypeOf",
  "propertyIsEnumerable",
  "toLocaleString",
] as const

/** A message renderer that cannot draw the item with id "bad". */
function Picky({ item }: { item: ChatResponseItem }) {
  if (item.id === "bad") throw new Error("this renderer cannot draw it")
  return <p>{item.type === "message" ? item.content : ""}</p>
}

function Weather({ item }: ToolCallItemProps) {
  return <p>weather tool {item.toolCall.id}</p>
}

function WeatherCard({ item }: CardItemProps) {
  return <p>weather card {item.card.id}</p>
}

describe("markdown the lexer cannot take", () => {
  for (const [name, text] of Object.entries(hostileMarkdown)) {
    it(`shows ${name} as plain text with a notice`, async () => {
      const { container } = render(<Markdown text={`Intro\n\n${text}`} />)
      // Long complete text is parsed over a few frames (see use-progressive-length.ts).
      await waitFor(() =>
        expect(container.querySelector(".aichatkit-markdown-source")?.textContent).toBe(text),
      )
      screen.getByText(plainNotice)
      // The paragraph before it still renders as markdown.
      expect(container.querySelector("p")?.textContent).toBe("Intro")
    })
  }

  it("shows lists nested past the indentation limit as plain text from the deep line on", async () => {
    // 3,000 levels of indentation exhausted a 4 GB heap in marked.
    const lines = Array.from(
      { length: 400 },
      (_, level) => `${" ".repeat(level * 2)}- level ${level}`,
    )
    const { container } = render(<Markdown text={lines.join("\n")} />)
    await waitFor(() => expect(container.textContent).toMatch(/- level 399$/))
    const plain = container.querySelector(".aichatkit-markdown-source")?.textContent ?? ""
    expect(plain.startsWith(`${" ".repeat(100)}- level 50\n`)).toBe(true)
    expect(screen.getByText(plainNotice)).toBeTruthy()
    expect(container.querySelector("li")?.textContent).toMatch(/^level 0/)
  })

  it("parses a long complete answer over several frames, then shows it whole", async () => {
    const paragraphs = Array.from({ length: 2_000 }, (_, index) => `Paragraph **${index}**.`)
    const { container } = render(<Markdown text={paragraphs.join("\n\n")} />)
    const first = container.querySelectorAll("strong").length
    expect(first).toBeGreaterThan(0)
    expect(first).toBeLessThan(2_000)
    await waitFor(() => expect(container.querySelectorAll("strong")).toHaveLength(2_000))
    expect(container.querySelectorAll("p").length).toBe(2_000)
  })

  it("shows a long open block as plain text while it streams, then formats it when complete", () => {
    const long = `**${"word ".repeat(8_000)}end**`
    const { container, rerender } = render(<Markdown text={long} streaming />)
    screen.getByText(plainNotice)
    expect(container.querySelector("strong")).toBeNull()
    rerender(<Markdown text={long} />)
    expect(screen.queryByText(plainNotice)).toBeNull()
    expect(container.querySelector("strong")).toBeTruthy()
  })
})

describe("an item that fails to render", () => {
  it("shows its text as plain text with a notice; the other items and the composer stay", () => {
    const { controller } = createHarness()
    const items: ChatResponseItem[] = [
      { id: "good", type: "message", role: "assistant", content: "A fine answer", timestamp },
      { id: "bad", type: "message", role: "assistant", content: "Poisoned answer", timestamp },
    ]
    controller.store.getState().dispatch(seedConversation(items))
    const quiet = console.error
    console.error = () => undefined
    try {
      render(<ChatView controller={controller} renderers={{ message: Picky }} />)
    } finally {
      console.error = quiet
    }
    screen.getByText("A fine answer")
    screen.getByText("This item could not be displayed.")
    screen.getByText("Poisoned answer")
    screen.getByRole("textbox", { name: "Message" })
  })

  it("a persisted conversation whose answer overflows the lexer opens and can be deleted", async () => {
    const poison = "> ".repeat(2_000)
    const stored = {
      version: 1,
      state: {
        conversations: [
          {
            id: "poisoned",
            title: "Poisoned",
            createdAt: "2026-01-01T00:00:00Z",
            updatedAt: "2026-01-01T00:00:00Z",
            items: [{ id: "m1", type: "message", role: "assistant", content: poison, timestamp }],
          },
          {
            id: "fine",
            title: "Fine",
            createdAt: "2026-01-01T00:00:00Z",
            updatedAt: "2026-01-01T00:00:00Z",
            items: [
              { id: "m2", type: "message", role: "assistant", content: "All good", timestamp },
            ],
          },
        ],
        activeConversationId: "fine",
      },
    }
    const data = new Map([["aichatkit-chat", JSON.stringify(stored)]])
    const storage = {
      getItem: (key: string) => data.get(key) ?? null,
      setItem: (key: string, value: string) => void data.set(key, value),
      removeItem: (key: string) => void data.delete(key),
    }
    const store = createChatStore({ persist: chatPersistence({ storage, writeDelayMs: 0 }) })
    const adapter = new MemoryAdapter({ tokenDelayMs: 0 })
    const controller = createChatController({ adapter, store })
    render(<ChatInterface controller={controller} />)
    const user = userEvent.setup()
    const sidebar = screen.getByRole("navigation", { name: "Conversations" })
    await user.click(within(sidebar).getByRole("button", { name: "Poisoned" }))
    await screen.findByText(plainNotice)
    await user.click(within(sidebar).getByRole("button", { name: "Delete Poisoned" }))
    await waitFor(() =>
      expect(within(sidebar).queryByRole("button", { name: "Poisoned" })).toBeNull(),
    )
    expect(JSON.parse(data.get("aichatkit-chat") ?? "{}").state.conversations).toHaveLength(1)
  })
})

describe("tool names and card types that are prototype names", () => {
  it("draw with the default components, never with something found on Object.prototype", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...prototypeNames),
        fc.constantFrom(...prototypeNames),
        (toolName, cardType) => {
          const { controller } = createHarness()
          const items: ChatResponseItem[] = [
            {
              id: toolName,
              type: "tool_call",
              toolCall: { id: "call-1", name: toolName, arguments: {}, status: "completed" },
            },
            {
              id: `card-${cardType}`,
              type: "card",
              card: { id: "card-1", type: cardType, title: "Forecast", content: {} },
            },
            {
              id: "w",
              type: "tool_call",
              toolCall: { id: "call-2", name: "weather", arguments: {}, status: "completed" },
            },
          ]
          controller.store.getState().dispatch(seedConversation(items))
          const { unmount } = render(
            <ChatView
              controller={controller}
              renderers={{ toolCall: { weather: Weather }, card: { weather: WeatherCard } }}
            />,
          )
          try {
            expect(screen.queryByText("This item could not be displayed.")).toBeNull()
            screen.getByText(toolName, { selector: ".aichatkit-tool-call-name" })
            screen.getByText("Forecast")
            screen.getByText("weather tool call-2")
          } finally {
            unmount()
          }
        },
      ),
      { numRuns: 30 },
    )
  })
})

describe("hostile attachments (issue 18)", () => {
  const file = (url: string, overrides: Partial<Attachment> = {}): Attachment => ({
    id: url,
    name: "file",
    mediaType: "application/octet-stream",
    url,
    ...overrides,
  })

  it.each([
    "javascript:alert(1)",
    " JavaScript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
  ])("shows %s as a name without a link or an image", (url) => {
    const { container } = render(
      <Attachments
        attachments={[file(url), file(`${url}#img`, { mediaType: "image/png", name: "img" })]}
      />,
    )
    expect(container.querySelector("a, img, iframe, object, embed")).toBeNull()
    expect(screen.getAllByText("(cannot be shown)")).toHaveLength(2)
  })

  it("shows an SVG through <img> (its scripts never run), never inlined", () => {
    const svg = `data:image/svg+xml;base64,${btoa('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>')}`
    const { container } = render(
      <Attachments attachments={[file(svg, { mediaType: "image/svg+xml", name: "x.svg" })]} />,
    )
    expect(container.querySelector("svg, script")).toBeNull()
    expect(screen.getByRole("img", { name: "x.svg" }).getAttribute("src")).toBe(svg)
  })

  it("shows a file name with markup as text", () => {
    const name = '<img src=x onerror=alert(1)>"><b>bold</b>.pdf'
    const { container } = render(
      <Attachments attachments={[file("https://x.example/f", { name })]} />,
    )
    expect(container.querySelector("b, img")).toBeNull()
    expect(screen.getByRole("link").textContent).toContain(name)
  })

  it("checks the URL the app's resolveAttachmentUrl gives too", () => {
    const { container } = render(
      <Attachments
        attachments={[file("https://x.example/f")]}
        resolveAttachmentUrl={() => "javascript:alert(1)"}
      />,
    )
    expect(container.querySelector("a")).toBeNull()
  })

  it("shows an agent's generated chart as an image after its text, never as inline SVG", async () => {
    const { container } = render(<ChatInterface adapter={new MemoryAdapter({ tokenDelayMs: 0 })} />)
    const user = userEvent.setup()
    await user.type(screen.getByRole("textbox", { name: "Message" }), "draw a chart{Enter}")
    const log = screen.getByRole("log")
    const image = await within(log).findByRole("img", { name: CHART_NAME }, { timeout: 10_000 })
    expect(image.getAttribute("src")).toMatch(/^data:image\/svg\+xml;base64,/)
    expect(image.getAttribute("loading")).toBe("lazy")
    expect(within(log).getByText(CHART_INTRO)).toBeTruthy()
    expect(container.querySelector("svg rect, script")).toBeNull()
  })

  it("drops a message whose attachments do not fit the item shape, and says so", async () => {
    const adapter = new MemoryAdapter()
    const store = createChatStore()
    const controller = createChatController({ adapter, store })
    render(<ChatView controller={controller} />)
    const conversationId = await controller.createConversation()
    const agentId = store.getState().conversations[conversationId]?.agentId ?? ""
    ;(adapter as unknown as { emit(event: unknown): void }).emit({
      type: "item-added",
      agentId,
      item: {
        id: "evil",
        type: "message",
        role: "assistant",
        content: "x",
        timestamp,
        attachments: [{ id: "a", name: { toString: "<b>" }, mediaType: "image/png", url: "x" }],
      },
    })
    await waitFor(() =>
      expect(store.getState().conversations[conversationId]?.lastError?.code).toBe(
        "PROTOCOL_ERROR",
      ),
    )
    expect(store.getState().conversations[conversationId]?.items.evil).toBeUndefined()
  })
})
