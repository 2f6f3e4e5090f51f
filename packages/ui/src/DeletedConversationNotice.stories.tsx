import type { Meta, StoryObj } from "@storybook/react-vite"
import { expect, fn, userEvent, waitFor, within } from "storybook/test"
import { DeletedConversationNotice } from "./DeletedConversationNotice.js"
import { createConversation } from "./testdata/conversation.js"
import { PartFrame } from "./testdata/part-frame.js"
import { StoryChat, seedConversation } from "./testdata/story-chat.js"

/**
 * "Conversation deleted: {title}" with Undo, while the last deletion can still be undone.
 * `ConversationList` shows it above its rows; on its own it needs a `ChatProvider`.
 */
const meta = {
  title: "Parts/DeletedConversationNotice",
  component: DeletedConversationNotice,
  args: { onRestored: fn() },
  render: (args) => (
    <StoryChat
      seed={seedConversation(createConversation(4), { id: "trip", title: "Weekend in Oslo" })}
      // Deleted a moment ago; Undo stays offered for a minute.
      setup={({ controller }) => void controller.deleteConversation("trip", { undoMs: 60_000 })}
    >
      {(controller) => (
        <PartFrame controller={controller}>
          <DeletedConversationNotice {...args} />
        </PartFrame>
      )}
    </StoryChat>
  ),
} satisfies Meta<typeof DeletedConversationNotice>
export default meta
type Story = StoryObj<typeof meta>

/** Just deleted: the sentence (a polite status) and Undo beside it. */
export const JustDeleted: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await waitFor(() =>
      expect(canvas.getByRole("status")).toHaveTextContent("Conversation deleted: Weekend in Oslo"),
    )
    await expect(canvas.getByRole("button", { name: "Undo" })).toBeVisible()
  },
}

/** Undo brings the conversation back and tells the app which one (to focus it). */
export const Undone: Story = {
  play: async ({ args, canvasElement }) => {
    const canvas = within(canvasElement)
    await userEvent.click(await canvas.findByRole("button", { name: "Undo" }))
    await waitFor(() => expect(args.onRestored).toHaveBeenCalledWith("trip"))
    await expect(canvas.queryByRole("button", { name: "Undo" })).toBeNull()
  },
}
