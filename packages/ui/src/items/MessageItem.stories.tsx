import { MARKDOWN_ANSWER } from "@aichatkit/testing"
import type { MessageItem as MessageItemData } from "@aichatkit/types"
import type { Meta, StoryObj } from "@storybook/react-vite"
import { expect, userEvent, waitFor, within } from "storybook/test"
import { MessageItem } from "./MessageItem.js"
import { ScriptedTurn } from "./testdata/scripted-turn.js"
import { showcaseMarkdown } from "./testdata/showcase.js"
import { StoryFrame } from "./testdata/story-frame.js"

const message = (overrides: Partial<MessageItemData> = {}): MessageItemData => ({
  id: "m1",
  type: "message",
  role: "assistant",
  content: "Hello! How can I help you today?",
  timestamp: "2026-11-23T09:05:00Z",
  ...overrides,
})

const meta = {
  title: "Items/MessageItem",
  component: MessageItem,
  args: { item: message() },
  decorators: [
    (Story) => (
      <StoryFrame>
        <Story />
      </StoryFrame>
    ),
  ],
} satisfies Meta<typeof MessageItem>
export default meta
type Story = StoryObj<typeof meta>

/** A user and an assistant message with avatars and timestamps. */
export const Conversation: Story = {
  render: () => (
    <>
      <MessageItem
        item={message({
          id: "u",
          role: "user",
          content: "What's the weather like?\nIn Oslo, please.",
        })}
        avatar="🙂"
        showTimestamp
      />
      <MessageItem
        item={message({ content: "It is **7 °C** with light rain. Take an _umbrella_." })}
        avatar="🤖"
        showTimestamp
      />
      <MessageItem item={message({ id: "s", role: "system", content: "The assistant joined." })} />
    </>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    expect(canvas.getByRole("article", { name: "You" })).toHaveTextContent("In Oslo, please.")
    expect(canvas.getByRole("article", { name: "Assistant" })).toHaveTextContent("7 °C")
    expect(canvas.getByRole("article", { name: "System" })).toHaveTextContent(
      "The assistant joined.",
    )
    expect(canvasElement.querySelectorAll("time")).toHaveLength(2)
  },
}

/** Every markdown feature: headings, lists, tasks, tables, quotes, code with copy and highlighting. */
export const MarkdownShowcase: Story = {
  args: { item: message({ content: showcaseMarkdown }) },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    expect(canvas.getByRole("heading", { name: "Release notes" })).toBeVisible()
    expect(canvas.getByRole("table")).toHaveTextContent("weather")
    expect(canvas.getByRole("checkbox", { name: "Done" })).toBeChecked()
    expect(canvas.getByRole("link", { name: "safe link" })).toHaveAttribute(
      "rel",
      "noopener noreferrer",
    )
    // Highlighting arrives lazily; the code text is there from the start.
    expect(canvasElement.querySelector(".aichatkit-code-block code")).toHaveTextContent(
      "const answer",
    )
    // The first load of the highlighter chunk can take seconds on a cold dev server.
    await waitFor(() => expect(canvasElement.querySelector(".hljs-keyword")).not.toBeNull(), {
      timeout: 15_000,
    })
  },
}

/** Script tags, event handlers and javascript: links from the agent show as text. */
export const XssAttempt: Story = {
  args: {
    item: message({
      content: [
        'Hi <img src=x onerror="document.body.dataset.pwned=1"> there',
        "<script>document.body.dataset.pwned = 1</script>",
        "[click me](javascript:document.body.dataset.pwned=1) and ![pic](javascript:alert(1))",
        '<a href="javascript:alert(1)">raw anchor</a>',
      ].join("\n\n"),
    }),
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    expect(canvas.getByText(/<img src=x onerror=/)).toBeVisible()
    expect(canvas.getByText(/<script>/)).toBeVisible()
    expect(canvasElement.querySelector("img, script, a")).toBeNull()
    expect(canvas.getByText(/click me/)).toBeVisible()
    expect(document.body.dataset.pwned).toBeUndefined()
  },
}

/** The scripted agent's markdown answer streaming in token by token. */
export const Streaming: Story = {
  render: () => <ScriptedTurn message="Tell me about aichatkit" tokenDelayMs={5} />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await waitFor(() => expect(canvasElement.querySelector('[aria-busy="true"]')).not.toBeNull())
    expect(canvasElement.querySelector(".aichatkit-caret")).not.toBeNull()
    await waitFor(() => expect(canvasElement.querySelector("[data-finished]")).not.toBeNull(), {
      timeout: 10_000,
    })
    const answer = canvas.getByRole("article", { name: "Assistant" })
    expect(answer).not.toHaveAttribute("aria-busy")
    expect(canvas.getByRole("heading", { name: "Here is what I found" })).toBeVisible()
    expect(canvas.getByRole("link", { name: "aichatkit README" })).toBeVisible()
    expect(answer).toHaveTextContent("Messages stream token by token")
    expect(canvasElement.querySelectorAll(".aichatkit-code-block")).toHaveLength(
      MARKDOWN_ANSWER.split("```").length >> 1,
    )
    expect(canvasElement.querySelector(".aichatkit-caret")).toBeNull()
  },
}

/** The copy button of a code block. */
export const CopyCode: Story = {
  args: { item: message({ content: "Run this:\n\n```bash\nnpm install @aichatkit/ui\n```" }) },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const button = canvas.getByRole("button", { name: "Copy code" })
    await userEvent.click(button)
    // Headless browsers may refuse clipboard access; either outcome is announced.
    await waitFor(() => expect(button).toHaveTextContent(/Copied|Copy failed/))
  },
}

/** The same messages in the dark theme. */
export const Dark: Story = {
  decorators: [
    (Story) => (
      <StoryFrame theme="dark">
        <Story />
      </StoryFrame>
    ),
  ],
  render: () => (
    <>
      <MessageItem item={message({ id: "u", role: "user", content: "Show me some code." })} />
      <MessageItem item={message({ content: showcaseMarkdown })} showTimestamp />
    </>
  ),
  play: async ({ canvasElement }) => {
    expect(within(canvasElement).getByRole("heading", { name: "Release notes" })).toBeVisible()
    // Dark colours from the theme set on the frame, not the page's light ones.
    const bubble = canvasElement.querySelector(
      ".aichatkit-message--assistant .aichatkit-message-bubble",
    )!
    expect(getComputedStyle(bubble).backgroundColor).toBe("rgb(34, 37, 43)")
    expect(getComputedStyle(bubble).color).toBe("rgb(231, 233, 237)")
  },
}
