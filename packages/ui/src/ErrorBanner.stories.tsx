import type { Meta, StoryObj } from "@storybook/react-vite"
import { expect, within } from "storybook/test"
import { ErrorBanner } from "./ErrorBanner.js"
import { PartFrame } from "./testdata/part-frame.js"
import { StoryChat } from "./testdata/story-chat.js"

/**
 * The last error, in words a person can act on. A failed turn offers Retry; any error can be
 * dismissed. Nothing shows while there is no error.
 */
const meta = {
  title: "Parts/ErrorBanner",
  component: ErrorBanner,
  render: (args) => (
    <StoryChat
      adapterOptions={{ tokenDelayMs: 0 }}
      // The scripted agent fails a turn whose message asks for an error.
      setup={({ controller }) => void controller.send("Show me what an error looks like")}
    >
      {(controller) => (
        <PartFrame controller={controller}>
          <ErrorBanner {...args} />
        </PartFrame>
      )}
    </StoryChat>
  ),
} satisfies Meta<typeof ErrorBanner>
export default meta
type Story = StoryObj<typeof meta>

/** The last turn failed: the agent's sentence, with Retry and Dismiss. */
export const FailedTurn: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const alert = await canvas.findByRole("alert", {}, { timeout: 10_000 })
    await expect(alert).toHaveTextContent(/Send the message again to retry/)
    await expect(canvas.getByRole("button", { name: "Retry" })).toBeVisible()
    await expect(canvas.getByRole("button", { name: "Dismiss" })).toBeVisible()
  },
}

/** The chat could not connect: the adapter's error, with Dismiss only (no turn to retry). */
export const CouldNotConnect: Story = {
  render: (args) => (
    <StoryChat
      adapterOptions={{
        failConnect: {
          code: "CONNECTION_FAILED",
          message:
            "Could not reach the assistant at chat.example.com. Check your connection and reload the page.",
          retryable: true,
        },
      }}
      setup={({ controller }) => void controller.createConversation().catch(() => undefined)}
    >
      {(controller) => (
        <PartFrame controller={controller}>
          <ErrorBanner {...args} />
        </PartFrame>
      )}
    </StoryChat>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const alert = await canvas.findByRole("alert", {}, { timeout: 10_000 })
    await expect(alert).toHaveTextContent(/Could not reach the assistant/)
    await expect(canvas.queryByRole("button", { name: "Retry" })).toBeNull()
  },
}
