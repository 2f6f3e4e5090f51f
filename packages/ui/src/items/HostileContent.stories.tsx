/**
 * Text from the wire written to break the layout or the parser (issue 13): the view never
 * gets wider than its frame, and text the parser cannot take shows as plain text.
 */
import type { CardItem as CardItemData, MessageItem as MessageItemData } from "@aichatkit/types"
import type { Meta, StoryObj } from "@storybook/react-vite"
import { expect, within } from "storybook/test"
import { CardItem } from "./CardItem.js"
import { MessageItem } from "./MessageItem.js"
import { StoryFrame } from "./testdata/story-frame.js"

const unbroken = "W".repeat(200_000)

const card: CardItemData = {
  id: "k1",
  type: "card",
  card: {
    id: "wide",
    type: "weather",
    title: `Title ${"T".repeat(5_000)}`,
    content: { note: "N".repeat(5_000) },
    actions: [{ id: "a", label: unbroken, type: "button", action: "go" }],
  },
}

const message = (id: string, content: string): MessageItemData => ({
  id,
  type: "message",
  role: "assistant",
  content,
  timestamp: "2026-11-23T09:05:00Z",
})

/** Nothing inside the frame is wider than the frame, and the page does not scroll sideways. */
async function expectNoWidening(canvasElement: HTMLElement): Promise<void> {
  const frame = canvasElement.querySelector<HTMLElement>("[data-testid='frame']")
  if (!frame) throw new Error("no frame")
  const limit = frame.getBoundingClientRect().right + 1
  for (const element of frame.querySelectorAll<HTMLElement>("*")) {
    if (element.closest("pre, .aichatkit-table-scroll")) continue
    await expect(element.getBoundingClientRect().right).toBeLessThanOrEqual(limit)
  }
  await expect(document.documentElement.scrollWidth).toBeLessThanOrEqual(window.innerWidth)
}

const meta = {
  title: "Items/Hostile content",
  decorators: [
    (Story) => (
      <StoryFrame>
        <div data-testid="frame" style={{ width: 420 }}>
          <Story />
        </div>
      </StoryFrame>
    ),
  ],
} satisfies Meta
export default meta
type Story = StoryObj<typeof meta>

/** A card whose button label is 200,000 characters without a break. */
export const UnbreakableCardLabel: Story = {
  render: () => <CardItem item={card} onAction={() => undefined} />,
  play: async ({ canvasElement }) => {
    within(canvasElement).getByRole("button")
    await expectNoWidening(canvasElement)
  },
}

/** Quotes nested 20 deep (rendered, indent capped) and 1,000 deep (plain text with a notice). */
export const DeeplyNested: Story = {
  render: () => (
    <>
      <MessageItem item={message("q20", `${"> ".repeat(20)}twenty levels of quotes`)} />
      <MessageItem item={message("l12", nestedList(12))} />
      <MessageItem item={message("q1000", `${"> ".repeat(1_000)}a thousand`)} />
      <MessageItem item={message("u", `An unbroken word: ${unbroken.slice(0, 20_000)}`)} />
    </>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    canvas.getByText("twenty levels of quotes")
    canvas.getByText(/Shown as plain text/)
    await expectNoWidening(canvasElement)
  },
}

function nestedList(depth: number): string {
  return Array.from({ length: depth }, (_, level) => `${"  ".repeat(level)}- level ${level}`).join(
    "\n",
  )
}
