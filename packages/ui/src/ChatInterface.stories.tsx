import type { Meta, StoryObj } from "@storybook/react-vite"
import { expect, fn, userEvent, waitFor, within } from "storybook/test"
import { ChatInterface } from "./ChatInterface.js"
import { ChatProvider } from "./ChatProvider.js"
import { ChatView } from "./ChatView.js"
import { createConversation } from "./testdata/conversation.js"
import { StoryChat, seedConversation } from "./testdata/story-chat.js"

const meta = {
  title: "Chat/ChatInterface",
  component: ChatInterface,
  // The props it shares with ChatView and ChatProvider have their own tabs in the props table.
  subcomponents: { ChatView, ChatProvider },
  args: { onCardAction: fn(), inputPlaceholder: "Ask about the weather…" },
  argTypes: {
    onCardAction: {
      description: "Called when the user presses a card's button action (a `ChatProvider` prop).",
      table: { type: { summary: "CardActionHandler | undefined" } },
    },
  },
} satisfies Meta<typeof ChatInterface>
export default meta
type Story = StoryObj<typeof meta>

/** The ChatKit-style layout: three conversations in the sidebar, the newest one open. */
export const WithSidebar: Story = {
  render: (args) => (
    <StoryChat
      seed={[
        ...seedConversation(createConversation(4, { idPrefix: "a" }), {
          id: "trip",
          title: "Planning a trip",
        }),
        ...seedConversation(createConversation(2, { idPrefix: "b", startAt: 8 }), {
          id: "recipes",
          title: "Dinner recipes",
        }),
        ...seedConversation(createConversation(6, { idPrefix: "c", startAt: 1 }), {
          id: "weather",
          title: "Weather in Oslo",
        }),
      ]}
    >
      {(controller) => <ChatInterface {...args} controller={controller} />}
    </StoryChat>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const sidebar = canvas.getByRole("navigation", { name: "Conversations" })
    await expect(within(sidebar).getAllByRole("row")).toHaveLength(3)
    // Rename and delete are at least 24×24 px (WCAG 2.5.8) without counting on spacing.
    for (const button of within(sidebar).getAllByRole("button", { name: /^(Rename|Delete) / })) {
      const box = button.getBoundingClientRect()
      await expect(box.width).toBeGreaterThanOrEqual(24)
      await expect(box.height).toBeGreaterThanOrEqual(24)
    }
    await userEvent.click(within(sidebar).getByRole("button", { name: "Dinner recipes" }))
    await waitFor(() =>
      expect(within(sidebar).getByRole("button", { name: "Dinner recipes" })).toHaveAttribute(
        "aria-current",
        "page",
      ),
    )
    await expect(canvas.getByRole("log").querySelectorAll(".aichatkit-item")).toHaveLength(2)
  },
}

/** A conversation just deleted: "Conversation deleted" with Undo, which brings it back. */
export const DeletedWithUndo: Story = {
  render: (args) => (
    <StoryChat
      seed={[
        ...seedConversation(createConversation(2, { idPrefix: "b", startAt: 8 }), {
          id: "recipes",
          title: "Dinner recipes",
        }),
        ...seedConversation(createConversation(4, { idPrefix: "c", startAt: 1 }), {
          id: "weather",
          title: "Weather in Oslo",
        }),
      ]}
    >
      {(controller) => <ChatInterface {...args} controller={controller} />}
    </StoryChat>
  ),
  play: async ({ canvasElement }) => {
    const sidebar = within(canvasElement).getByRole("navigation", { name: "Conversations" })
    await userEvent.click(within(sidebar).getByRole("button", { name: "Delete Weather in Oslo" }))
    await expect(within(sidebar).getByRole("status")).toHaveTextContent(
      "Conversation deleted: Weather in Oslo",
    )
    await expect(within(sidebar).getAllByRole("row")).toHaveLength(1)
    await userEvent.click(within(sidebar).getByRole("button", { name: "Undo" }))
    await expect(within(sidebar).getAllByRole("row")).toHaveLength(2)
    await expect(document.activeElement).toHaveTextContent("Weather in Oslo")
  },
}

/** Without the sidebar (`showSidebar={false}`), with extra header content. */
export const WithoutSidebar: Story = {
  args: { showSidebar: false, headerContent: <span>Model: scripted</span> },
  render: (args) => (
    <StoryChat>{(controller) => <ChatInterface {...args} controller={controller} />}</StoryChat>
  ),
}
