import type { ChatController } from "@aichatkit/store"
import type { Meta, StoryObj } from "@storybook/react-vite"
import { expect, userEvent, waitFor, within } from "storybook/test"
import { ChatView } from "./ChatView.js"
import { createConversation } from "./testdata/conversation.js"
import { StoryChat, seedConversation } from "./testdata/story-chat.js"

const meta = {
  title: "Chat/ChatView/Scrolling",
  component: ChatView,
} satisfies Meta<typeof ChatView>
export default meta
type Story = StoryObj<typeof meta>

const history = createConversation(40, { idPrefix: "recent" })
const older = createConversation(30, { idPrefix: "older", startTime: "2026-03-12T09:00:00Z" })

/** Where an item's top sits relative to the log's top edge, in px. */
function offsetOf(log: HTMLElement, itemId: string): number {
  const item = log.querySelector<HTMLElement>(`.aichatkit-item[data-item-id="${itemId}"]`)
  if (!item) throw new Error(`item ${itemId} is not on screen`)
  return item.getBoundingClientRect().top - log.getBoundingClientRect().top
}

/** Scrolling up while an answer streams: the view stays put and offers "Jump to latest". */
export const ScrollUpWhileStreaming: Story = {
  render: (args) => (
    <StoryChat seed={seedConversation(history)} adapterOptions={{ tokenDelayMs: 10 }}>
      {(controller) => <ChatView {...args} controller={controller} />}
    </StoryChat>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const log = canvas.getByRole("log")
    await waitFor(() =>
      expect(log.scrollTop + log.clientHeight).toBeGreaterThan(log.scrollHeight - 2),
    )
    await userEvent.type(
      canvas.getByRole("textbox", { name: "Message" }),
      "Walk me through the whole itinerary, slowly{Enter}",
    )
    await canvas.findByText(/arrives slowly/, {}, { timeout: 10_000 })
    // Pinned to the bottom while it streams.
    await waitFor(() =>
      expect(log.scrollTop + log.clientHeight).toBeGreaterThan(log.scrollHeight - 50),
    )
    log.scrollTop = 200
    const jump = await canvas.findByRole("button", { name: "Jump to latest" })
    const heightBefore = log.scrollHeight
    await waitFor(() => expect(log.scrollHeight).toBeGreaterThan(heightBefore + 40), {
      timeout: 10_000,
    })
    // More text arrived, and the reader was left where they were.
    await expect(log.scrollTop).toBe(200)
    await userEvent.click(jump)
    await waitFor(() =>
      expect(log.scrollTop + log.clientHeight).toBeGreaterThan(log.scrollHeight - 50),
    )
    await expect(canvas.queryByRole("button", { name: "Jump to latest" })).toBeNull()
    await userEvent.click(await canvas.findByRole("button", { name: "Stop" }))
  },
}

let olderController: ChatController | undefined

/** Older messages load above the one being read: it stays exactly where it was. */
export const OlderItemsLoad: Story = {
  render: (args) => (
    <StoryChat
      seed={seedConversation(history)}
      setup={({ controller }) => {
        olderController = controller
      }}
    >
      {(controller) => <ChatView {...args} controller={controller} />}
    </StoryChat>
  ),
  play: async ({ canvasElement }) => {
    const log = within(canvasElement).getByRole("log")
    // Chromium anchors scrolling natively; Safari does not. Turn it off to test our own.
    log.style.overflowAnchor = "none"
    await waitFor(() => expect(olderController).toBeDefined())
    log.scrollTop = 600
    await waitFor(() =>
      expect(within(canvasElement).getByRole("button", { name: "Jump to latest" })).toBeVisible(),
    )
    const anchor = [...log.querySelectorAll<HTMLElement>(".aichatkit-item")].find(
      (item) => item.getBoundingClientRect().bottom > log.getBoundingClientRect().top,
    )!
    const anchorId = anchor.dataset.itemId!
    const before = offsetOf(log, anchorId)
    const controller = olderController!
    const conversationId = controller.store.getState().activeConversationId!
    controller.store.getState().dispatch({
      type: "conversation-items-loaded",
      conversationId,
      items: [...older, ...history],
    })
    await waitFor(() => expect(log.querySelectorAll(".aichatkit-item")).toHaveLength(70))
    await expect(Math.abs(offsetOf(log, anchorId) - before)).toBeLessThan(2)
  },
}

const longHistory = createConversation(400, { idPrefix: "long", startTime: "2026-02-01T08:00:00Z" })

/** Whether the log shows its newest content (within a few px). */
const atTheBottom = (log: HTMLElement) => log.scrollTop + log.clientHeight > log.scrollHeight - 4

/**
 * A virtualized thread while an answer streams: the view follows the growing answer (rows are
 * moved without re-rendering the list), scrolling up lets go, and "Jump to latest" comes back.
 */
export const VirtualizedStreaming: Story = {
  render: (args) => (
    <StoryChat seed={seedConversation(longHistory)} adapterOptions={{ tokenDelayMs: 10 }}>
      {(controller) => <ChatView {...args} controller={controller} />}
    </StoryChat>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const log = canvas.getByRole("log")
    await expect(log.dataset.virtualized).toBe("true")
    await waitFor(() => expect(atTheBottom(log)).toBe(true))
    await userEvent.type(
      canvas.getByRole("textbox", { name: "Message" }),
      "Walk me through the whole itinerary, slowly{Enter}",
    )
    await canvas.findByText(/arrives slowly/, {}, { timeout: 10_000 })
    // The answer grows by a few lines, and the view is at its bottom all along.
    const heightAtStart = log.scrollHeight
    await waitFor(
      () => {
        expect(atTheBottom(log)).toBe(true)
        expect(log.scrollHeight).toBeGreaterThan(heightAtStart + 30)
      },
      { timeout: 10_000 },
    )
    await expect(atTheBottom(log)).toBe(true)
    await expect(canvas.queryByRole("button", { name: "Jump to latest" })).toBeNull()
    // Only the rows in view are in the DOM.
    await expect(log.querySelectorAll(".aichatkit-item").length).toBeLessThan(40)

    // Up a little, so the answer stays in view (rows out of view are not in the DOM).
    log.scrollTop = log.scrollTop - 200
    const jump = await canvas.findByRole("button", { name: "Jump to latest" })
    const top = log.scrollTop
    const heightBefore = log.scrollHeight
    await waitFor(() => expect(log.scrollHeight).toBeGreaterThan(heightBefore + 20), {
      timeout: 10_000,
    })
    await expect(log.scrollTop).toBe(top)
    await userEvent.click(jump)
    await waitFor(() => expect(atTheBottom(log)).toBe(true))
    await expect(canvas.queryByRole("button", { name: "Jump to latest" })).toBeNull()
    await userEvent.click(await canvas.findByRole("button", { name: "Stop" }))
  },
}

/**
 * Reading inside a long answer while it streams, in a virtualized thread (a small window):
 * the answer spans the top edge of the view and grows below, and the view does not move.
 */
export const VirtualizedReadingInsideAnswer: Story = {
  render: (args) => (
    <div style={{ width: 320, height: 300, display: "flex", flexDirection: "column" }}>
      <StoryChat seed={seedConversation(longHistory)} adapterOptions={{ tokenDelayMs: 10 }}>
        {(controller) => <ChatView {...args} title={null} controller={controller} />}
      </StoryChat>
    </div>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const log = canvas.getByRole("log")
    await expect(log.dataset.virtualized).toBe("true")
    await userEvent.type(
      canvas.getByRole("textbox", { name: "Message" }),
      "Walk me through the whole itinerary, slowly{Enter}",
    )
    await canvas.findByText(/arrives slowly/, {}, { timeout: 10_000 })
    const answer = () => log.querySelector<HTMLElement>('.aichatkit-item[aria-busy="true"]')
    // Wait until the answer is well taller than the view.
    await waitFor(() => expect(answer()?.offsetHeight).toBeGreaterThan(log.clientHeight + 100), {
      timeout: 10_000,
    })
    const answerTop =
      answer()!.getBoundingClientRect().top - log.getBoundingClientRect().top + log.scrollTop
    log.scrollTop = answerTop + 40
    await canvas.findByRole("button", { name: "Jump to latest" })
    const top = log.scrollTop
    const heightBefore = answer()!.offsetHeight
    await waitFor(() => expect(answer()?.offsetHeight).toBeGreaterThan(heightBefore + 20), {
      timeout: 10_000,
    })
    // The answer grew below the fold; the lines being read stayed put.
    await expect(log.scrollTop).toBe(top)
    await userEvent.click(await canvas.findByRole("button", { name: "Stop" }))
  },
}
