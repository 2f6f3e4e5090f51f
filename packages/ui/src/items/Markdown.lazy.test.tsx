import type { ConversationState } from "@aichatkit/store"
import { act, cleanup, render, screen } from "@testing-library/react"
import { hydrateRoot } from "react-dom/client"
import { renderToString } from "react-dom/server"
import { afterEach, describe, expect, it, vi } from "vitest"
import { defaultLabels } from "../labels.js"

afterEach(cleanup)

const text = "Some **bold** words\nand a second line"

describe("Markdown before its renderer arrives", () => {
  it("shows the source as plain text, then the markdown once the chunk has loaded", async () => {
    // A fresh copy of the modules: the test setup loaded the renderer into the shared ones.
    vi.resetModules()
    const { Markdown } = await import("./Markdown.js")
    const { loadedMarkdown } = await import("./markdown-loader.js")
    expect(loadedMarkdown()).toBeUndefined()

    const { container } = render(<Markdown text={text} />)
    const plain = container.querySelector(".aichatkit-markdown > .aichatkit-markdown-source")
    expect(plain?.textContent).toBe(text)
    expect(container.querySelector("strong")).toBeNull()

    // The fetch started when the module was evaluated; the view upgrades by itself.
    expect((await screen.findByText("bold")).tagName).toBe("STRONG")
    expect(container.querySelector(".aichatkit-markdown-source")).toBeNull()
  })

  it("renders plain text on the server and hydrates it without a mismatch", async () => {
    const { Markdown } = await import("./Markdown.js")
    // The client has the renderer already; the server never does.
    await (await import("./markdown-loader.js")).preloadMarkdown()
    const html = renderToString(<Markdown text={text} />)
    expect(html).not.toContain("<strong>")
    expect(html).toContain("aichatkit-markdown-source")

    const host = document.createElement("div")
    host.innerHTML = html
    document.body.append(host)
    const recoverable: unknown[] = []
    const root = await act(async () =>
      hydrateRoot(host, <Markdown text={text} />, {
        onRecoverableError: (error) => recoverable.push(error),
      }),
    )
    expect((await screen.findByText("bold")).tagName).toBe("STRONG")
    expect(recoverable).toEqual([])
    act(() => root.unmount())
    host.remove()
  })
})

function conversation(content?: string): ConversationState {
  return {
    id: "c",
    title: "t",
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:00.000Z",
    itemIds: content === undefined ? [] : ["answer"],
    items:
      content === undefined
        ? {}
        : {
            answer: {
              id: "answer",
              type: "message",
              role: "assistant",
              content,
              timestamp: "2026-01-01T00:00:00.000Z",
            },
          },
    streamingItemIds: {},
    run: { status: "idle" },
    pendingDeltas: {},
  }
}

/** What the announcer says when an answer with `content` arrives, with `announcements`. */
function announce(announcements: typeof import("../announcements.js"), content: string) {
  const empty = conversation()
  const memory = announcements.createAnnouncerMemory(empty)
  return announcements.conversationAnnouncements(
    memory,
    empty,
    conversation(content),
    defaultLabels,
  )
}

describe("announcing an answer", () => {
  const content = "  **Done**: see [the notes](https://example.com)  "

  it("says its text as it is before the renderer arrives", async () => {
    vi.resetModules()
    const announcements = await import("../announcements.js")
    const { loadedMarkdown } = await import("./markdown-loader.js")
    expect(loadedMarkdown()).toBeUndefined()
    expect(announce(announcements, content)).toEqual([
      `${defaultLabels.announceAssistant} **Done**: see [the notes](https://example.com)`,
    ])
  })

  it("says it as read once the renderer is there", async () => {
    const announcements = await import("../announcements.js")
    await (await import("./markdown-loader.js")).preloadMarkdown()
    expect(announce(announcements, content)).toEqual([
      `${defaultLabels.announceAssistant} Done: see the notes`,
    ])
  })
})
