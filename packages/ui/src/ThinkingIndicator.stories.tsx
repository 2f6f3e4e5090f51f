import type { Meta, StoryObj } from "@storybook/react-vite"
import { expect, within } from "storybook/test"
import { ThinkingIndicator } from "./ThinkingIndicator.js"
import { PartFrame } from "./testdata/part-frame.js"
import { StoryChat, seedConversation } from "./testdata/story-chat.js"

const question = {
  id: "q1",
  type: "message",
  role: "user",
  content: "What's the fastest way from the airport to the city centre?",
  timestamp: "2026-03-13T17:30:00Z",
} as const

/**
 * Three dots and "Thinking…" from sending a message until the first part of the answer shows,
 * and again while the agent thinks between parts. Its status region stays mounted (and empty)
 * between turns, so screen readers announce it.
 */
const meta = {
  title: "Parts/ThinkingIndicator",
  component: ThinkingIndicator,
  render: (args) => (
    <StoryChat
      seed={[
        ...seedConversation([question]),
        { type: "run-submitted", conversationId: "story-conversation" },
      ]}
    >
      {(controller) => (
        <PartFrame controller={controller}>
          <ThinkingIndicator {...args} />
        </PartFrame>
      )}
    </StoryChat>
  ),
} satisfies Meta<typeof ThinkingIndicator>
export default meta
type Story = StoryObj<typeof meta>

/** The message is sent and nothing of the answer has arrived yet. */
export const Thinking: Story = {
  play: async ({ canvasElement }) => {
    const status = within(canvasElement).getByRole("status")
    await expect(status).toHaveTextContent("Thinking…")
    await expect(status.querySelector(".aichatkit-thinking-dots")).toBeVisible()
  },
}
