import { type AdapterRecording, isAdapterRecording } from "@aichatkit/network-adapter"
import { createChatController } from "@aichatkit/store"
import { ReplayAdapter } from "@aichatkit/testing"
import { ChatInterface } from "@aichatkit/ui"
import type { Meta, StoryObj } from "@storybook/react-vite"
import { useState } from "react"
import { expect, userEvent, waitFor, within } from "storybook/test"
import playgroundRecording from "../recordings/playground-sse.json" with { type: "json" }
import { ChatDevtools } from "./ChatDevtools.js"

/** A session recorded in the playground (SSE, demo server), replayed at its recorded pace. */
function recorded(): AdapterRecording {
  const value: unknown = playgroundRecording
  if (!isAdapterRecording(value))
    throw new Error("recordings/playground-sse.json is not a recording")
  return value
}

/** The chat on a ReplayAdapter, and the devtools open beside it. */
function ReplayedChat({ speed }: { speed: number }) {
  const [controller] = useState(() =>
    createChatController({ adapter: new ReplayAdapter(recorded(), { speed }), connect: false }),
  )
  return (
    <>
      <ChatInterface controller={controller} />
      <ChatDevtools
        adapter={controller.adapter}
        store={controller.store}
        defaultOpen
        position="floating"
      />
    </>
  )
}

const meta = {
  title: "Devtools/ChatDevtools",
  component: ReplayedChat,
  args: { speed: 1 },
  parameters: { fillsFrame: true },
} satisfies Meta<typeof ReplayedChat>
export default meta
type Story = StoryObj<typeof meta>

/** A recording made in the playground replays: send any message to play its turn. */
export const ReplayedRecording: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await userEvent.type(canvas.getByRole("textbox", { name: "Message" }), "hello{Enter}")
    const timeline = await canvas.findByRole("region", { name: "Timeline" })
    await waitFor(() => expect(within(timeline).getAllByText("run-finished")).toHaveLength(1), {
      timeout: 15_000,
    })
    expect(
      within(canvas.getByRole("region", { name: "Wire" })).getAllByText("sse in").length,
    ).toBeGreaterThan(0)
  },
}
