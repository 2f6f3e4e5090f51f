import type { Meta, StoryObj } from "@storybook/react-vite"
import { expect, userEvent, waitFor, within } from "storybook/test"
import { Composer } from "./Composer.js"
import { createConversation } from "./testdata/conversation.js"
import { PartFrame } from "./testdata/part-frame.js"
import { StoryChat, seedConversation } from "./testdata/story-chat.js"

/**
 * The message input of a chat. Inside a `ChatProvider` (or a `ChatView`) it sends to the active
 * conversation; Enter sends, Shift+Enter starts a new line.
 */
const meta = {
  title: "Parts/Composer",
  component: Composer,
  args: { placeholder: "Ask about your trip…" },
  render: (args) => (
    <StoryChat seed={seedConversation(createConversation(2))}>
      {(controller) => (
        <PartFrame controller={controller}>
          <Composer {...args} />
        </PartFrame>
      )}
    </StoryChat>
  ),
} satisfies Meta<typeof Composer>
export default meta
type Story = StoryObj<typeof meta>

/** Empty and ready: Send stays disabled until there is something to send. */
export const Default: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await expect(canvas.getByRole("textbox", { name: "Message" })).toHaveAttribute(
      "placeholder",
      "Ask about your trip…",
    )
    await expect(canvas.getByRole("button", { name: "Send" })).toBeDisabled()
  },
}

/** A message being written over two lines (Shift+Enter): the textarea grows with it. */
export const Drafting: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const input = canvas.getByRole("textbox", { name: "Message" })
    const oneLine = input.getBoundingClientRect().height
    await userEvent.type(
      input,
      "Which museums are open on Sunday?{Shift>}{Enter}{/Shift}And do any of them have a café?",
    )
    await waitFor(() => expect(input.getBoundingClientRect().height).toBeGreaterThan(oneLine))
    await expect(canvas.getByRole("button", { name: "Send" })).toBeEnabled()
  },
}

/** An answer is streaming: Stop (or Escape) cancels it. */
export const WhileAnswering: Story = {
  render: (args) => (
    <StoryChat
      seed={[
        ...seedConversation(createConversation(2)),
        { type: "run-submitted", conversationId: "story-conversation" },
      ]}
    >
      {(controller) => (
        <PartFrame controller={controller}>
          <Composer {...args} />
        </PartFrame>
      )}
    </StoryChat>
  ),
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole("button", { name: "Stop" })).toBeVisible()
  },
}

/** The connection dropped: the composer says why it cannot send until it is back. */
export const Reconnecting: Story = {
  render: (args) => (
    <StoryChat
      seed={seedConversation(createConversation(2))}
      setup={({ adapter }) => adapter.simulateConnection("reconnecting")}
    >
      {(controller) => (
        <PartFrame controller={controller}>
          <Composer {...args} />
        </PartFrame>
      )}
    </StoryChat>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const [reason] = await canvas.findAllByText("Connection lost; reconnecting…", {
      selector: ".aichatkit-composer-reason",
    })
    await expect(reason).toBeVisible()
    await expect(canvas.getByRole("button", { name: "Send" })).toBeDisabled()
  },
}
