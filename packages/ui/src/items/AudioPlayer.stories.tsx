import { toneWav } from "@aichatkit/testing"
import type { MessageItem as MessageItemData } from "@aichatkit/types"
import type { Meta, StoryObj } from "@storybook/react-vite"
import { expect, within } from "storybook/test"
import { MessageItem } from "./MessageItem.js"
import { StoryFrame } from "./testdata/story-frame.js"

function base64(bytes: Uint8Array): string {
  let binary = ""
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary)
}

const spoken: MessageItemData = {
  id: "a1",
  type: "message",
  role: "assistant",
  content: "I heard your voice message. Here is a tone in answer.",
  timestamp: "2026-11-23T09:05:00Z",
  audio: {
    mediaType: "audio/wav",
    chunks: [440, 550, 660].map((frequency) => base64(toneWav(200, frequency))),
    durationMs: 600,
  },
}

const recorded: MessageItemData = {
  id: "u1",
  type: "message",
  role: "user",
  content: "",
  timestamp: "2026-11-23T09:04:58Z",
  audio: { mediaType: "audio/webm;codecs=opus" },
}

/**
 * A message's audio: the agent's spoken answer plays its chunks back to back as they arrive,
 * with a play/pause button, above its transcript; a voice message the user sent is labelled.
 */
const meta = {
  title: "Items/AudioPlayer",
  component: MessageItem,
  args: { item: spoken },
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

/** The agent's answer, spoken (a generated tone) with its transcript. */
export const AgentAudio: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await expect(await canvas.findByRole("button", { name: "Play audio" })).toBeEnabled()
    await expect(canvas.getByText(spoken.content)).toBeInTheDocument()
  },
}

/** A voice message the user sent: its recording stays on the device, the message says what it was. */
export const VoiceMessage: Story = {
  args: { item: recorded },
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByText("Voice message")).toBeInTheDocument()
  },
}

/** A spoken answer restored after a reload: its text stays, its audio was not kept (nothing to play). */
export const AudioNotKept: Story = {
  args: {
    item: { ...spoken, audio: { mediaType: "audio/wav", durationMs: 600, dropped: true } },
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await expect(await canvas.findByText("Audio not kept")).toBeInTheDocument()
    await expect(canvas.queryByRole("button", { name: "Play audio" })).toBeNull()
    await expect(canvas.getByText(spoken.content)).toBeInTheDocument()
  },
}
