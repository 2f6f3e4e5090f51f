import { createChatController, createChatStore } from "@aichatkit/store"
import { MemoryAdapter } from "@aichatkit/testing"
import type { Meta, StoryObj } from "@storybook/react-vite"
import { useEffect, useState } from "react"
import { expect, userEvent, waitFor, within } from "storybook/test"
import { Composer } from "./Composer.js"
import { PartFrame } from "./testdata/part-frame.js"

/** The memory agent, taking files (it answers as always; the files stay on the message). */
class FileMemoryAdapter extends MemoryAdapter {
  override readonly capabilities = Object.freeze({
    ...new MemoryAdapter().capabilities,
    attachments: true,
  })
}

function FileChat({
  limits,
}: {
  limits?: { accept?: string; maxBytes?: number; maxFiles?: number }
}) {
  const [controller] = useState(() =>
    createChatController({
      adapter: new FileMemoryAdapter({ tokenDelayMs: 15 }),
      store: createChatStore(),
    }),
  )
  useEffect(() => () => controller.dispose(), [controller])
  return (
    <PartFrame controller={controller}>
      <Composer attachments={limits} />
    </PartFrame>
  )
}

const pixel = Uint8Array.from(
  atob(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  ),
  (character) => character.charCodeAt(0),
)
const image = () => new File([pixel], "screenshot.png", { type: "image/png" })
const pdf = () => new File(["%PDF-1.7 …"], "itinerary.pdf", { type: "application/pdf" })
const fileInput = (canvasElement: HTMLElement) =>
  canvasElement.querySelector<HTMLInputElement>('input[type="file"]')!

/**
 * The composer where the adapter can send files: an attach button, drag and drop, paste an
 * image; the files to send as a list of previews with remove buttons; the app's limits with a
 * sentence naming a refused file.
 */
const meta = {
  title: "Parts/Composer/Attachments",
  component: FileChat,
} satisfies Meta<typeof FileChat>
export default meta
type Story = StoryObj<typeof meta>

/** Ready to attach: the button beside the textarea. */
export const AttachButton: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await expect(await canvas.findByRole("button", { name: "Attach files" })).toBeVisible()
  },
}

/** Two files waiting: a thumbnail and a chip, each with its remove button. */
export const FilesToSend: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await canvas.findByRole("button", { name: "Attach files" })
    await userEvent.upload(fileInput(canvasElement), [image(), pdf()])
    const list = await canvas.findByRole("list", { name: "Files to send" })
    await waitFor(() => expect(within(list).getAllByRole("listitem")).toHaveLength(2))
    await expect(canvas.getByRole("button", { name: "Remove itinerary.pdf" })).toBeVisible()
    await expect(canvas.getByRole("button", { name: "Send" })).toBeEnabled()
  },
}

/** A file the app's limits refuse: the sentence says which and why. */
export const Refused: Story = {
  args: { limits: { accept: "image/*", maxBytes: 1_000_000, maxFiles: 3 } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await canvas.findByRole("button", { name: "Attach files" })
    await userEvent.upload(fileInput(canvasElement), pdf(), { applyAccept: false })
    await expect(await canvas.findByRole("alert")).toHaveTextContent(
      "itinerary.pdf was not added: only image/* can be sent.",
    )
  },
}
