import type { Meta, StoryObj } from "@storybook/react-vite"
import { expect, userEvent, within } from "storybook/test"
import { ChatProvider } from "./ChatProvider.js"
import { Composer } from "./Composer.js"
import { ConnectionStatus } from "./ConnectionStatus.js"
import { ConversationList } from "./ConversationList.js"
import { EmptyState } from "./EmptyState.js"
import { ErrorBanner } from "./ErrorBanner.js"
import { MessageList } from "./MessageList.js"
import { ThinkingIndicator } from "./ThinkingIndicator.js"
import { createConversation } from "./testdata/conversation.js"
import { StoryChat, seedConversation } from "./testdata/story-chat.js"

/** What an app writes for its own layout; shown under each story instead of the harness. */
const layoutSource = `import {
  ChatProvider, Composer, ConnectionStatus, ConversationList,
  ErrorBanner, MessageList, ThinkingIndicator,
} from "@aichatkit/ui"
import "@aichatkit/ui/styles.css"

export function SupportDesk() {
  return (
    <ChatProvider adapter={adapter}>
      <div className="desk">
        <ConversationList />
        <main className="desk-chat">
          <header>
            <h2>Travel desk</h2>
            <ConnectionStatus />
          </header>
          <MessageList />
          <ThinkingIndicator />
          <ErrorBanner />
          <Composer placeholder="Ask the travel desk…" />
        </main>
      </div>
    </ChatProvider>
  )
}`

/**
 * The provider of every chat part: one store and controller over an adapter, shared by the
 * parts inside it. `ChatView` and `ChatInterface` use one; put the parts in your own layout
 * with it (here a sidebar, a header with the connection badge, the message list, the thinking
 * indicator, the error banner and the composer).
 */
const meta = {
  title: "Parts/ChatProvider",
  component: ChatProvider,
  subcomponents: { MessageList },
  // A whole chat: a fixed frame on the docs page too (see .storybook/preview.tsx).
  parameters: { fillsFrame: true, docs: { source: { code: layoutSource, language: "tsx" } } },
  render: (args) => (
    <StoryChat
      seed={[
        ...seedConversation(createConversation(4, { idPrefix: "csv", startAt: 3 }), {
          id: "csv",
          title: "Reading a large CSV in Python",
        }),
        ...seedConversation(createConversation(6, { idPrefix: "trip" }), {
          id: "trip",
          title: "Weekend in Oslo",
        }),
      ]}
    >
      {(controller) => (
        <ChatProvider {...args} controller={controller}>
          <div style={{ display: "flex", height: "100%", minHeight: 0, fontFamily: "system-ui" }}>
            <div style={{ width: 260, flex: "none", overflow: "auto" }}>
              <ConversationList />
            </div>
            <main
              style={{
                flex: 1,
                display: "flex",
                flexDirection: "column",
                minWidth: 0,
                padding: 12,
              }}
            >
              <header style={{ display: "flex", alignItems: "center", gap: 12 }}>
                <h2 style={{ margin: 0, fontSize: 18 }}>Travel desk</h2>
                <ConnectionStatus />
              </header>
              <div style={{ flex: 1, minHeight: 0, display: "flex", flexDirection: "column" }}>
                <MessageList emptyState={<EmptyState title="Ask the travel desk" />} />
              </div>
              <ThinkingIndicator />
              <ErrorBanner />
              <Composer placeholder="Ask the travel desk…" />
            </main>
          </div>
        </ChatProvider>
      )}
    </StoryChat>
  ),
} satisfies Meta<typeof ChatProvider>
export default meta
type Story = StoryObj<typeof meta>

/** The parts in an app's own layout, reading one store. */
export const OwnLayout: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const log = canvas.getByRole("log")
    await expect(log.querySelectorAll(".aichatkit-item")).toHaveLength(6)
    // Choosing a conversation in the sidebar changes what the list shows.
    await userEvent.click(canvas.getByRole("button", { name: "Reading a large CSV in Python" }))
    await expect(await within(log).findByText(/skip the header row/)).toBeVisible()
  },
}

/** Relabelled through the provider: every part inside reads the same labels. */
export const Labels: Story = {
  args: {
    labels: {
      newConversation: "Ny samtale",
      conversations: "Samtaler",
      send: "Send",
      inputLabel: "Melding",
      connectionOpen: "Tilkoblet",
    },
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await expect(canvas.getByRole("button", { name: "Ny samtale" })).toBeVisible()
    await expect(canvas.getByRole("textbox", { name: "Melding" })).toBeVisible()
  },
}
