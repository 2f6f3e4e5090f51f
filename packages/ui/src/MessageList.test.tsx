import { createItems } from "@aichatkit/testing"
import { act, cleanup, fireEvent, render, screen } from "@testing-library/react"
import { afterEach, describe, expect, it } from "vitest"
import { ChatProvider } from "./ChatProvider.js"
import type { MessageItemProps } from "./items/index.js"
import { MessageList } from "./MessageList.js"
import { createHarness } from "./testdata/chat-harness.js"
import { seedConversation } from "./testdata/story-chat.js"

afterEach(cleanup)

const renders = new Map<string, number>()
function CountingMessage({ item }: MessageItemProps) {
  renders.set(item.id, (renders.get(item.id) ?? 0) + 1)
  return <p>{item.content}</p>
}

/** Gives the log a layout happy-dom does not compute: content taller than the viewport. */
function layOut(log: HTMLElement, scrollHeight: number, clientHeight: number) {
  Object.defineProperty(log, "scrollHeight", { configurable: true, value: scrollHeight })
  Object.defineProperty(log, "clientHeight", { configurable: true, value: clientHeight })
}

describe("MessageList", () => {
  it("offers Jump to latest once the user scrolls up, and goes back to the bottom", () => {
    const { controller } = createHarness()
    controller.store.getState().dispatch(seedConversation(createItems(20)))
    render(
      <ChatProvider controller={controller}>
        <MessageList />
      </ChatProvider>,
    )
    const log = screen.getByRole("log", { name: "Conversation" })
    expect(log.querySelectorAll(".aichatkit-item")).toHaveLength(20)
    expect(screen.queryByRole("button", { name: "Jump to latest" })).toBeNull()

    layOut(log, 4000, 500)
    log.scrollTop = 3500
    fireEvent.scroll(log)
    // Content growing under a pinned view keeps it pinned: no button.
    layOut(log, 4200, 500)
    fireEvent.scroll(log)
    expect(log.scrollTop).toBe(4200)
    expect(screen.queryByRole("button", { name: "Jump to latest" })).toBeNull()
    // The user scrolls up.
    log.scrollTop = 1000
    fireEvent.scroll(log)
    const jump = screen.getByRole("button", { name: "Jump to latest" })

    fireEvent.click(jump)
    expect(log.scrollTop).toBe(4200)
    expect(screen.queryByRole("button", { name: "Jump to latest" })).toBeNull()
  })

  it("re-renders only the item that changed", () => {
    const { controller } = createHarness()
    const items = createItems(3)
    controller.store.getState().dispatch(seedConversation(items, { agentId: "agent-1" }))
    renders.clear()
    render(
      <ChatProvider controller={controller} renderers={{ message: CountingMessage }}>
        <MessageList />
      </ChatProvider>,
    )
    const initial = new Map(renders)
    act(() =>
      controller.store.getState().dispatch({
        type: "item-updated",
        agentId: "agent-1",
        itemId: items[0]!.id,
        patch: { content: "changed text" },
      }),
    )
    screen.getByText("changed text")
    expect(renders.get(items[0]!.id)).toBe(initial.get(items[0]!.id)! + 1)
    expect(renders.get(items[1]!.id)).toBe(initial.get(items[1]!.id))
    expect(renders.get(items[2]!.id)).toBe(initial.get(items[2]!.id))
  })

  it("virtualizes long threads", () => {
    const { controller } = createHarness()
    controller.store.getState().dispatch(seedConversation(createItems(1000)))
    render(
      <ChatProvider controller={controller}>
        <MessageList virtualizeAbove={100} />
      </ChatProvider>,
    )
    const log = screen.getByRole("log")
    expect(log.dataset.virtualized).toBe("true")
    expect(log.querySelectorAll(".aichatkit-item").length).toBeLessThan(100)
  })
})
