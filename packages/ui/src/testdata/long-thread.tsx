/** A long thread rendered in a MessageList, and what its first-frame tests look at. */
import { createItems } from "@aichatkit/testing"
import { render, screen } from "@testing-library/react"
import { vi } from "vitest"
import { ChatProvider } from "../ChatProvider.js"
import type { MessageItemProps } from "../items/index.js"
import { MessageList } from "../MessageList.js"
import { createHarness } from "./chat-harness.js"
import { seedConversation } from "./story-chat.js"

function PlainMessage({ item }: MessageItemProps) {
  return <p>{item.content}</p>
}

/** Idle callbacks held until the test runs them. */
export function holdIdleCallbacks(): Array<() => void> {
  const held: Array<() => void> = []
  vi.stubGlobal("requestIdleCallback", (callback: () => void) => held.push(callback))
  vi.stubGlobal("cancelIdleCallback", () => {})
  return held
}

/** Renders a 1,000-item thread; returns the log and the item ids in order. */
export function renderLongThread() {
  const { controller } = createHarness()
  const items = createItems(1000)
  controller.store.getState().dispatch(seedConversation(items))
  render(
    <ChatProvider controller={controller} renderers={{ message: PlainMessage }}>
      <MessageList virtualizeAbove={100} />
    </ChatProvider>,
  )
  return { log: screen.getByRole("log"), ids: items.map((item) => item.id) }
}

export const shownIds = (log: HTMLElement) =>
  [...log.querySelectorAll<HTMLElement>(".aichatkit-item")].map((element) => element.dataset.itemId)

/** Whether the virtualized layout shows: a spacer as tall as the whole thread holds the rows. */
export const virtualized = (log: HTMLElement) =>
  log.querySelector<HTMLElement>(".aichatkit-message-list-content")?.style.position === "relative"
