import type { Meta, StoryObj } from "@storybook/react-vite"
import { expect, fn, userEvent, waitFor, within } from "storybook/test"
import { ConversationList } from "./ConversationList.js"
import { createConversation } from "./testdata/conversation.js"
import { PartFrame } from "./testdata/part-frame.js"
import { StoryChat, seedConversation } from "./testdata/story-chat.js"

/** Three conversations, newest first; the newest is the open one. */
const threeConversations = [
  ...seedConversation(createConversation(6, { idPrefix: "trip" }), {
    id: "trip",
    title: "Weekend in Oslo",
  }),
  ...seedConversation(createConversation(2, { idPrefix: "csv" }), {
    id: "csv",
    title: "Reading a large CSV in Python",
  }),
  ...seedConversation(createConversation(4, { idPrefix: "release" }), {
    id: "release",
    title: "Release notes for Tuesday",
  }),
]

/**
 * The sidebar of conversations: "New chat", then one row per conversation with rename and
 * delete. The grid is one tab stop; the arrow keys move inside it.
 */
const meta = {
  title: "Parts/ConversationList",
  component: ConversationList,
  args: { onCreate: fn() },
  render: (args) => (
    <StoryChat seed={threeConversations}>
      {(controller) => (
        <PartFrame controller={controller} style={{ maxWidth: 300 }}>
          <ConversationList {...args} />
        </PartFrame>
      )}
    </StoryChat>
  ),
} satisfies Meta<typeof ConversationList>
export default meta
type Story = StoryObj<typeof meta>

/** Three conversations, the newest one open (`aria-current="page"`). */
export const Default: Story = {
  play: async ({ canvasElement }) => {
    const list = within(canvasElement).getByRole("navigation", { name: "Conversations" })
    await expect(within(list).getAllByRole("row")).toHaveLength(3)
    await expect(
      within(list).getByRole("button", { name: "Release notes for Tuesday" }),
    ).toHaveAttribute("aria-current", "page")
  },
}

/** Choosing another conversation with the keyboard: arrow down, then Enter. */
export const KeyboardSelection: Story = {
  play: async ({ canvasElement }) => {
    const list = within(canvasElement).getByRole("navigation", { name: "Conversations" })
    await userEvent.click(within(list).getByRole("button", { name: "Release notes for Tuesday" }))
    await userEvent.keyboard("{ArrowDown}")
    const csv = within(list).getByRole("button", { name: "Reading a large CSV in Python" })
    await waitFor(() => expect(csv).toHaveFocus())
    await userEvent.keyboard("{Enter}")
    await waitFor(() => expect(csv).toHaveAttribute("aria-current", "page"))
  },
}

/** Renaming inline: Enter saves the new title, Escape would keep the old one. */
export const Rename: Story = {
  play: async ({ canvasElement }) => {
    const list = within(canvasElement).getByRole("navigation", { name: "Conversations" })
    await userEvent.click(
      within(list).getByRole("button", { name: "Rename Reading a large CSV in Python" }),
    )
    const title = within(list).getByRole("textbox", { name: "Conversation title" })
    await userEvent.clear(title)
    await userEvent.type(title, "Python: CSV files{Enter}")
    await expect(
      await within(list).findByRole("button", { name: "Python: CSV files" }),
    ).toBeVisible()
  },
}

/** "New chat" adds an untitled conversation and opens it. */
export const NewChat: Story = {
  play: async ({ args, canvasElement }) => {
    const list = within(canvasElement).getByRole("navigation", { name: "Conversations" })
    await userEvent.click(within(list).getByRole("button", { name: "New chat" }))
    await waitFor(() => expect(args.onCreate).toHaveBeenCalledTimes(1))
    await waitFor(() => expect(within(list).getAllByRole("row")).toHaveLength(4))
  },
}

/** No conversation yet: only "New chat". */
export const Empty: Story = {
  render: (args) => (
    <StoryChat>
      {(controller) => (
        <PartFrame controller={controller} style={{ maxWidth: 300 }}>
          <ConversationList {...args} />
        </PartFrame>
      )}
    </StoryChat>
  ),
  play: async ({ canvasElement }) => {
    const list = within(canvasElement).getByRole("navigation", { name: "Conversations" })
    await expect(within(list).getByRole("button", { name: "New chat" })).toBeVisible()
    await expect(within(list).queryByRole("grid")).toBeNull()
  },
}
