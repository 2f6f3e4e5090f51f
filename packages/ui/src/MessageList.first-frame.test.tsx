/**
 * A long thread opened before the virtualized layout has been fetched: its own file, so the
 * lazily loaded module is not yet there when the first test renders (modules are per file).
 */
import { createItems } from "@aichatkit/testing"
import { cleanup, render, screen, waitFor } from "@testing-library/react"
import { afterEach, describe, expect, it } from "vitest"
import { ChatProvider } from "./ChatProvider.js"
import type { MessageItemProps } from "./items/index.js"
import { MessageList } from "./MessageList.js"
import { createHarness } from "./testdata/chat-harness.js"
import { seedConversation } from "./testdata/story-chat.js"

afterEach(cleanup)

function PlainMessage({ item }: MessageItemProps) {
  return <p>{item.content}</p>
}

describe("MessageList, first frame of a long thread", () => {
  it("shows the newest items at once, then hands over to the virtualized layout", async () => {
    const { controller } = createHarness()
    const items = createItems(1000)
    controller.store.getState().dispatch(seedConversation(items))
    render(
      <ChatProvider controller={controller} renderers={{ message: PlainMessage }}>
        <MessageList virtualizeAbove={100} />
      </ChatProvider>,
    )
    const log = screen.getByRole("log")
    expect(log.dataset.virtualized).toBe("true")
    // The first commit: the newest items, in order, and only a handful of them.
    const shown = [...log.querySelectorAll<HTMLElement>(".aichatkit-item")].map(
      (element) => element.dataset.itemId,
    )
    expect(shown.length).toBeGreaterThan(0)
    expect(shown.length).toBeLessThan(50)
    expect(shown).toEqual(items.slice(-shown.length).map((item) => item.id))
    // Then the virtualizer takes over: a spacer as tall as the whole thread holds the rows.
    await waitFor(() =>
      expect(
        log.querySelector<HTMLElement>(".aichatkit-message-list-content")?.style.position,
      ).toBe("relative"),
    )
    expect(log.querySelectorAll(".aichatkit-item").length).toBeLessThan(100)
  })
})
