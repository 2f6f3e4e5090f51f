import { createChatController, createChatStore } from "@aichatkit/store"
import type { Meta, StoryObj } from "@storybook/react-vite"
import { useEffect, useState } from "react"
import { expect, userEvent, waitFor, within } from "storybook/test"
import { Composer } from "./Composer.js"
import { PartFrame } from "./testdata/part-frame.js"
import { storyMicrophone, VoiceMemoryAdapter } from "./testdata/voice-story.js"

/** The composer over an agent that takes voice messages: its microphone button shows. */
function VoiceComposer() {
  const [controller] = useState(() =>
    createChatController({
      adapter: new VoiceMemoryAdapter({ tokenDelayMs: 15 }),
      store: createChatStore(),
    }),
  )
  useEffect(() => () => controller.dispose(), [controller])
  return (
    <PartFrame controller={controller}>
      <Composer />
    </PartFrame>
  )
}

/**
 * The composer's microphone, where the adapter can send audio (`capabilities.audio`): a toggle
 * that records a voice message and streams it while recording; press again (or hold and
 * release) to stop and let the agent answer.
 */
const meta = {
  title: "Parts/VoiceRecorder",
  render: () => <VoiceComposer />,
} satisfies Meta
export default meta
type Story = StoryObj<typeof meta>

const microphone = (canvasElement: HTMLElement) =>
  within(canvasElement).findByRole("button", { name: "Record a voice message" })

/** Ready to record: the toggle is not pressed. */
export const Idle: Story = {
  play: async ({ canvasElement }) => {
    await expect(await microphone(canvasElement)).toHaveAttribute("aria-pressed", "false")
  },
}

/** Recording: the toggle is pressed, the level meter moves and the time counts up. */
export const Recording: Story = {
  beforeEach: () => storyMicrophone("tone"),
  play: async ({ canvasElement }) => {
    const button = await microphone(canvasElement)
    await userEvent.click(button)
    await waitFor(() => expect(button).toHaveAttribute("aria-pressed", "true"))
    await expect(canvasElement.querySelector(".aichatkit-voice-elapsed")).toHaveTextContent("0:0")
  },
}

/** The microphone was refused: the reason in words, the text box as it was. */
export const PermissionRefused: Story = {
  beforeEach: () => storyMicrophone("refuse"),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await userEvent.type(canvas.getByRole("textbox", { name: "Message" }), "Half a thought")
    await userEvent.click(await microphone(canvasElement))
    await expect(await canvas.findByRole("alert")).toHaveTextContent(
      "The microphone is blocked. Allow it in the browser's site settings to send a voice message; you can still type.",
    )
    await expect(canvas.getByRole("textbox", { name: "Message" })).toHaveValue("Half a thought")
  },
}
