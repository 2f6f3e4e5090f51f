import type { AdapterError, ConnectionStatus as Status } from "@aichatkit/types"
import type { Meta, StoryObj } from "@storybook/react-vite"
import { expect, waitFor } from "storybook/test"
import { ConnectionStatus } from "./ConnectionStatus.js"
import { PartFrame } from "./testdata/part-frame.js"
import { StoryChat, seedConversation } from "./testdata/story-chat.js"

/** The connection state a story's adapter reports (MemoryAdapter's `simulateConnection`). */
function withConnection(status: Status, error?: AdapterError): NonNullable<Story["render"]> {
  return (args) => (
    <StoryChat
      seed={seedConversation([])}
      setup={({ adapter }) => adapter.simulateConnection(status, error)}
    >
      {(controller) => (
        <PartFrame controller={controller}>
          <ConnectionStatus {...args} />
        </PartFrame>
      )}
    </StoryChat>
  )
}

/** The badge shows the text of `status` once the adapter reports it. */
async function expectBadge(canvasElement: HTMLElement, text: string): Promise<HTMLElement> {
  const badge = canvasElement.querySelector<HTMLElement>(".aichatkit-connection")!
  await waitFor(() => expect(badge).toHaveTextContent(text))
  return badge
}

/**
 * A badge with the adapter's connection state, its error as the tooltip. It is empty until the
 * adapter reports a connection (an adapter of the seed's kind never does), and it is not a
 * live region: the composer announces the changes that matter.
 */
const meta = {
  title: "Parts/ConnectionStatus",
  component: ConnectionStatus,
} satisfies Meta<typeof ConnectionStatus>
export default meta
type Story = StoryObj<typeof meta>

/** Connected. */
export const Open: Story = {
  render: withConnection("open"),
  play: async ({ canvasElement }) => {
    await expectBadge(canvasElement, "Connected")
  },
}

/** The first connection is being made. */
export const Connecting: Story = {
  render: withConnection("connecting"),
  play: async ({ canvasElement }) => {
    await expectBadge(canvasElement, "Connecting")
  },
}

/** The connection dropped and the adapter is trying again. */
export const Reconnecting: Story = {
  render: withConnection("reconnecting"),
  play: async ({ canvasElement }) => {
    await expectBadge(canvasElement, "Reconnecting")
  },
}

/** Closed after an error: the error's sentence is the badge's tooltip. */
export const Offline: Story = {
  render: withConnection("closed", {
    code: "CONNECTION_LOST",
    message:
      "The connection to the assistant was lost. Check your network; the chat reconnects when it is back.",
    retryable: true,
  }),
  play: async ({ canvasElement }) => {
    const badge = await expectBadge(canvasElement, "Offline")
    await expect(badge).toHaveAttribute(
      "title",
      expect.stringContaining("connection to the assistant was lost"),
    )
  },
}
