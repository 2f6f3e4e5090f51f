import { FORECAST_URL } from "@aichatkit/testing"
import type { ChatResponseItem, ToolCall as ToolCallData } from "@aichatkit/types"
import type { Meta, StoryObj } from "@storybook/react-vite"
import { expect, fn, userEvent, waitFor, within } from "storybook/test"
import { ChatProvider } from "./ChatProvider.js"
import { ChatView } from "./ChatView.js"
import { createConversation } from "./testdata/conversation.js"
import { StoryChat, seedConversation } from "./testdata/story-chat.js"

const meta = {
  title: "Chat/ChatView",
  component: ChatView,
  // The provider's props (adapter, labels, renderers, …) have their own tab in the props table.
  subcomponents: { ChatProvider },
  args: { onCardAction: fn() },
  argTypes: {
    onCardAction: {
      description: "Called when the user presses a card's button action (a `ChatProvider` prop).",
      table: { type: { summary: "CardActionHandler | undefined" } },
    },
  },
} satisfies Meta<typeof ChatView>
export default meta
type Story = StoryObj<typeof meta>

const conversation = createConversation(6)

function toolCallItem(id: string, toolCall: Partial<ToolCallData>): ChatResponseItem {
  return {
    id,
    type: "tool_call",
    toolCall: {
      id: `${id}-call`,
      name: "weather",
      arguments: { city: "Oslo", unit: "celsius" },
      status: "pending",
      ...toolCall,
    },
  }
}

const weatherCard: ChatResponseItem = {
  id: "card-1",
  type: "card",
  card: {
    id: "weather-oslo",
    type: "weather",
    title: "Oslo",
    content: { temperature: "7 °C", conditions: "Light rain", wind: "4 m/s" },
    actions: [
      { id: "refresh", label: "Refresh", type: "button", action: "refresh" },
      { id: "forecast", label: "Full forecast", type: "link", action: FORECAST_URL },
    ],
  },
}

const question = (id: string, content: string): ChatResponseItem => ({
  id,
  type: "message",
  role: "user",
  content,
  timestamp: "2026-01-01T09:00:00Z",
})

/** No conversation yet: the empty state with suggestions. */
export const Empty: Story = {
  args: { suggestions: ["What's the weather in Oslo?", "Show me a card"] },
  render: (args) => (
    <StoryChat>{(controller) => <ChatView {...args} controller={controller} />}</StoryChat>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await expect(canvas.getByText("How can I help?")).toBeVisible()
    await expect(canvas.getByRole("button", { name: "Show me a card" })).toBeVisible()
  },
}

/** A settled conversation of markdown messages. */
export const Conversation: Story = {
  render: (args) => (
    <StoryChat seed={seedConversation(conversation)}>
      {(controller) => <ChatView {...args} controller={controller} />}
    </StoryChat>
  ),
  play: async ({ canvasElement }) => {
    const log = within(canvasElement).getByRole("log")
    await expect(log.querySelectorAll(".aichatkit-item")).toHaveLength(conversation.length)
  },
}

/** Sends a message and watches the answer stream in, live from the scripted agent. */
export const Streaming: Story = {
  render: (args) => (
    <StoryChat adapterOptions={{ tokenDelayMs: 5 }}>
      {(controller) => <ChatView {...args} controller={controller} />}
    </StoryChat>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await userEvent.type(
      canvas.getByRole("textbox", { name: "Message" }),
      "How do I send a message from code?{Enter}",
    )
    await waitFor(() => expect(canvasElement.querySelector('[aria-busy="true"]')).not.toBeNull())
    await waitFor(() => expect(canvas.getByText(/watch the tokens arrive/)).toBeVisible(), {
      timeout: 10_000,
    })
    await waitFor(() => expect(canvasElement.querySelector('[aria-busy="true"]')).toBeNull(), {
      timeout: 10_000,
    })
  },
}

/** The message is sent and nothing of the answer has arrived yet: the thinking indicator. */
export const Thinking: Story = {
  render: (args) => (
    <StoryChat
      seed={[
        ...seedConversation([question("q1", "What's the weather in Oslo?")]),
        { type: "run-submitted", conversationId: "story-conversation" },
      ]}
    >
      {(controller) => <ChatView {...args} controller={controller} />}
    </StoryChat>
  ),
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText("Thinking…")).toBeVisible()
  },
}

/** Avatars beside each author's messages. */
export const WithAvatars: Story = {
  args: {
    userAvatar: <span className="story-avatar">ME</span>,
    assistantAvatar: <span className="story-avatar">AI</span>,
  },
  render: (args) => (
    <StoryChat seed={seedConversation(conversation.slice(0, 4))}>
      {(controller) => <ChatView {...args} controller={controller} />}
    </StoryChat>
  ),
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getAllByText("AI")).toHaveLength(2)
  },
}

/** A tool call in each state: pending, executing with progress, completed and failed. */
export const ToolCall: Story = {
  render: (args) => (
    <StoryChat
      seed={seedConversation([
        question("q1", "What's the weather in Oslo, Bergen, Tromsø and Narvik?"),
        toolCallItem("tool-pending", { status: "pending" }),
        toolCallItem("tool-executing", {
          status: "executing",
          progress: 40,
          arguments: { city: "Bergen" },
        }),
        toolCallItem("tool-completed", {
          status: "completed",
          progress: 100,
          arguments: { city: "Tromsø" },
          result: { temperatureC: -3, conditions: "Snow" },
        }),
        toolCallItem("tool-error", {
          status: "error",
          arguments: { city: "Narvik" },
          error: "The weather service did not answer within 5 seconds; try again in a minute.",
        }),
      ])}
    >
      {(controller) => <ChatView {...args} controller={controller} />}
    </StoryChat>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await expect(canvas.getAllByRole("progressbar")[0]).toBeVisible()
    await expect(canvas.getByText(/did not answer within 5 seconds/)).toBeVisible()
  },
}

/**
 * The agent's weather card, with a button action and a link action. Refresh goes to
 * `onCardAction` and to the adapter, which answers with the card updated in place.
 */
export const CardWithActions: Story = {
  render: (args) => (
    <StoryChat
      adapterOptions={{ tokenDelayMs: 0 }}
      setup={({ controller }) => void controller.send("Show me the weather in Oslo as a card")}
    >
      {(controller) => <ChatView {...args} controller={controller} />}
    </StoryChat>
  ),
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement)
    const refresh = await canvas.findByRole("button", { name: "Refresh" }, { timeout: 10_000 })
    await userEvent.click(refresh)
    await expect(args.onCardAction).toHaveBeenCalledWith(
      expect.objectContaining({ action: "refresh" }),
      expect.objectContaining({ type: "weather" }),
    )
    // The adapter's answer: the same card, now with the time of the new reading.
    await waitFor(() => expect(canvas.getByText("updatedAt")).toBeVisible(), { timeout: 10_000 })
    const link = canvas.getByRole("link", { name: /Full forecast/ })
    await expect(link.getAttribute("rel")).toContain("noopener")
    await expect(canvas.queryByRole("alert")).toBeNull()
  },
}

/** The last turn failed: the banner says why and offers Retry, which succeeds. */
export const ErrorWithRetry: Story = {
  render: (args) => (
    <StoryChat
      adapterOptions={{ tokenDelayMs: 0 }}
      setup={({ controller }) => void controller.send("please error")}
    >
      {(controller) => <ChatView {...args} controller={controller} />}
    </StoryChat>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const alert = await canvas.findByRole("alert", {}, { timeout: 10_000 })
    await expect(alert).toHaveTextContent(/Send the message again to retry/)
    // The banner's own Retry, beside its alert (the failed turn's marker has one too).
    const banner = canvasElement.querySelector<HTMLElement>(".aichatkit-error-banner")!
    await expect(within(banner).getByRole("button", { name: "Retry" })).toBeVisible()
  },
}

/**
 * A failed turn stays in the transcript: after Dismiss and the next message its marker still
 * says it was not answered (Retry only while it is the latest, failed turn).
 */
export const FailedTurn: Story = {
  render: (args) => (
    <StoryChat
      adapterOptions={{ tokenDelayMs: 0 }}
      setup={({ controller }) =>
        void controller
          .send("please error")
          .then(() => controller.send("How do I send a message from code?"))
      }
    >
      {(controller) => <ChatView {...args} controller={controller} />}
    </StoryChat>
  ),
  play: async ({ canvasElement }) => {
    const log = within(canvasElement).getByRole("log")
    await within(log).findByText(/watch the tokens arrive/, {}, { timeout: 10_000 })
    const marker = log.querySelector<HTMLElement>(".aichatkit-turn-marker--failed")!
    await expect(marker).toHaveTextContent(/^Not answered: The agent failed/)
    await expect(within(marker).queryByRole("button")).toBeNull()
  },
}

/** An answer the user stopped half-way: the text so far, then "Stopped". */
export const StoppedAnswer: Story = {
  render: (args) => (
    <StoryChat adapterOptions={{ tokenDelayMs: 10 }}>
      {(controller) => <ChatView {...args} controller={controller} />}
    </StoryChat>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await userEvent.type(
      canvas.getByRole("textbox", { name: "Message" }),
      "Tell me the history of Oslo, slowly{Enter}",
    )
    await canvas.findByText(/arrives slowly/, {}, { timeout: 10_000 })
    await userEvent.click(canvas.getByRole("button", { name: "Stop" }))
    const log = canvas.getByRole("log")
    await waitFor(() =>
      expect(log.querySelector(".aichatkit-turn-marker--stopped")).toHaveTextContent("Stopped"),
    )
  },
}

/** The connection dropped: the badge says so and the composer explains why it cannot send. */
export const Reconnecting: Story = {
  render: (args) => (
    <StoryChat
      seed={seedConversation(conversation.slice(0, 2))}
      setup={({ adapter }) => adapter.simulateConnection("reconnecting")}
    >
      {(controller) => <ChatView {...args} controller={controller} />}
    </StoryChat>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    // The visible reason (the same words are also in the composer's status region).
    const [reason] = await canvas.findAllByText("Connection lost; reconnecting…", {
      selector: ".aichatkit-composer-reason",
    })
    await expect(reason).toBeVisible()
    await expect(canvas.getByRole("button", { name: "Send" })).toBeDisabled()
  },
}

const longThread = createConversation(10_000, {
  idPrefix: "long",
  startTime: "2025-01-01T08:00:00Z",
})

/** 10,000 messages: virtualized, so only the visible ones are in the DOM. */
export const LongThread: Story = {
  // Its own page only: ten thousand messages would slow the whole docs page down.
  tags: ["!autodocs"],
  render: (args) => (
    <StoryChat seed={seedConversation(longThread)}>
      {(controller) => <ChatView {...args} controller={controller} />}
    </StoryChat>
  ),
  play: async ({ canvasElement }) => {
    const log = within(canvasElement).getByRole("log")
    await expect(log.dataset.virtualized).toBe("true")
    await expect(log.querySelectorAll(".aichatkit-item").length).toBeLessThan(60)
    await expect(canvasElement.querySelectorAll("*").length).toBeLessThan(2_000)
    // Opened at the newest message.
    await waitFor(() =>
      expect(log.querySelector('.aichatkit-item[data-item-id="long-9999"]')).not.toBeNull(),
    )
  },
}

/** The conversation in the dark theme (`data-aichatkit-theme="dark"`). */
export const Dark: Story = {
  render: (args) => (
    <div data-aichatkit-theme="dark" style={{ height: "100%" }}>
      <StoryChat seed={seedConversation([...conversation.slice(0, 3), weatherCard])}>
        {(controller) => <ChatView {...args} controller={controller} />}
      </StoryChat>
    </div>
  ),
  play: async ({ canvasElement }) => {
    // Dark colours from the theme set on the container, whatever the page's own theme.
    const view = canvasElement.querySelector(".aichatkit-chat-view")!
    await expect(getComputedStyle(view).backgroundColor).toBe("rgb(21, 23, 27)")
    await expect(getComputedStyle(view).color).toBe("rgb(231, 233, 237)")
    await expect(getComputedStyle(view).colorScheme).toBe("dark")
  },
}

/** Tool calls and cards drawn by the app's own components, by tool name and card type. */
export const CustomRenderers: Story = {
  args: {
    renderers: {
      toolCall: {
        weather: ({ item }) => (
          <p className="story-weather-tool">
            Looking up the weather in {String(item.toolCall.arguments.city)}… (
            {item.toolCall.status})
          </p>
        ),
      },
      card: {
        weather: ({ item }) => (
          <figure className="story-weather-card">
            <figcaption>{item.card.title}</figcaption>
            {String(item.card.content.temperature)}
          </figure>
        ),
      },
    },
  },
  render: (args) => (
    <StoryChat
      seed={seedConversation([
        question("q1", "Weather in Oslo?"),
        toolCallItem("tool-1", { status: "completed", result: { temperatureC: 7 } }),
        weatherCard,
      ])}
    >
      {(controller) => <ChatView {...args} controller={controller} />}
    </StoryChat>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await expect(canvas.getByText(/Looking up the weather in Oslo/)).toBeVisible()
    await expect(canvas.getByText("7 °C")).toBeVisible()
  },
}

const pageThread = createConversation(30, { idPrefix: "page" })

/**
 * Dropped into an ordinary page whose parent gives it no height: the view stays within the
 * viewport (its default `max-height`), its header and composer in sight, the list scrolling
 * inside and following new answers.
 */
export const InPageWithoutHeight: Story = {
  render: (args) => (
    <div style={{ flex: "none", padding: "0 16px" }}>
      <h1>An ordinary page</h1>
      <p>Some of the page's own text above the chat.</p>
      <StoryChat adapterOptions={{ tokenDelayMs: 0 }} seed={seedConversation(pageThread)}>
        {(controller) => <ChatView {...args} controller={controller} />}
      </StoryChat>
    </div>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const view = canvasElement.querySelector(".aichatkit-chat-view") as HTMLElement
    const log = canvas.getByRole("log")
    const atBottom = () => log.scrollTop + log.clientHeight >= log.scrollHeight - 2
    await expect(view.getBoundingClientRect().height).toBeLessThanOrEqual(window.innerHeight)
    await expect(log.scrollHeight).toBeGreaterThan(log.clientHeight)
    await waitFor(() => expect(atBottom()).toBe(true))
    await userEvent.type(
      canvas.getByRole("textbox", { name: "Message" }),
      "How do I send a message from code?{Enter}",
    )
    await waitFor(() => expect(canvas.getAllByText(/watch the tokens arrive/)).toHaveLength(1), {
      timeout: 10_000,
    })
    await waitFor(() => expect(atBottom()).toBe(true))
    await expect(view.getBoundingClientRect().height).toBeLessThanOrEqual(window.innerHeight)
    const viewBox = view.getBoundingClientRect()
    for (const part of [
      view.querySelector(".aichatkit-chat-header"),
      view.querySelector(".aichatkit-composer"),
    ]) {
      const box = (part as HTMLElement).getBoundingClientRect()
      await expect(box.top).toBeGreaterThanOrEqual(viewBox.top)
      await expect(box.bottom).toBeLessThanOrEqual(viewBox.bottom + 0.5)
    }
  },
}
