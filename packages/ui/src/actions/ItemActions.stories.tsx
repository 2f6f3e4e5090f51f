import type { Meta, StoryObj } from "@storybook/react-vite"
import { expect, fn, userEvent, waitFor, within } from "storybook/test"
import { ChatView } from "../ChatView.js"
import { StoryChat } from "../testdata/story-chat.js"

const meta = {
  title: "Chat/ChatView/Edit, regenerate and feedback",
  component: ChatView,
  args: { onFeedback: fn() },
} satisfies Meta<typeof ChatView>
export default meta
type Story = StoryObj<typeof meta>

const render: Story["render"] = (args) => (
  <StoryChat adapterOptions={{ tokenDelayMs: 0 }}>
    {(controller) => <ChatView {...args} controller={controller} />}
  </StoryChat>
)

/** Sends a message through the composer and waits for the answer's actions. */
async function askAndWait(canvasElement: HTMLElement, text: string) {
  const canvas = within(canvasElement)
  await userEvent.type(canvas.getByRole("textbox", { name: "Message" }), `${text}{Enter}`)
  await canvas.findByRole("button", { name: "Regenerate" }, { timeout: 10_000 })
  return canvas
}

/** An answer regenerated once: the picker shows "2 / 2"; "Previous version" goes back to 1. */
export const BranchPicker: Story = {
  render,
  play: async ({ canvasElement }) => {
    const canvas = await askAndWait(canvasElement, "hello")
    await userEvent.click(canvas.getByRole("button", { name: "Regenerate" }))
    const picker = await canvas.findByRole("group", { name: "Versions" }, { timeout: 10_000 })
    await waitFor(() => expect(picker).toHaveTextContent("2 / 2"))
    await userEvent.click(within(picker).getByRole("button", { name: "Previous version" }))
    await waitFor(() =>
      expect(canvas.getByRole("group", { name: "Versions" })).toHaveTextContent("1 / 2"),
    )
  },
}

/** A sent message in edit mode: its text in a field, with Send and Cancel. */
export const EditMode: Story = {
  render,
  play: async ({ canvasElement }) => {
    const canvas = await askAndWait(canvasElement, "hello")
    await userEvent.click(canvas.getByRole("button", { name: "Edit" }))
    const field = canvas.getByRole("textbox", { name: "Edit your message" })
    await expect(field).toHaveValue("hello")
    await expect(field).toHaveFocus()
  },
}

/** An answer rated "good": the thumb is pressed and the app's onFeedback was called. */
export const Feedback: Story = {
  render,
  play: async ({ canvasElement, args }) => {
    const canvas = await askAndWait(canvasElement, "hello")
    const good = canvas.getByRole("button", { name: "Good answer" })
    await userEvent.click(good)
    await waitFor(() => expect(good).toHaveAttribute("aria-pressed", "true"))
    await expect(args.onFeedback).toHaveBeenCalledWith(expect.objectContaining({ feedback: "up" }))
  },
}

/**
 * A server that keeps the conversation (HAIP, GraphQL with a `regenerate` mutation): only the
 * last answer has Regenerate, no message has Edit; regenerating keeps the old answer as 1 / 2.
 */
export const RegenerateLastAnswerOnly: Story = {
  render: (args) => (
    <StoryChat
      adapterOptions={{ tokenDelayMs: 0 }}
      capabilities={{ branching: false, regenerateLast: true }}
    >
      {(controller) => <ChatView {...args} controller={controller} />}
    </StoryChat>
  ),
  play: async ({ canvasElement }) => {
    const canvas = await askAndWait(canvasElement, "hello")
    await userEvent.type(canvas.getByRole("textbox", { name: "Message" }), "use the tool{Enter}")
    await waitFor(
      () => expect(canvas.getAllByRole("button", { name: "Good answer" })).toHaveLength(2),
      { timeout: 10_000 },
    )
    await expect(canvas.getAllByRole("button", { name: "Regenerate" })).toHaveLength(1)
    await expect(canvas.queryByRole("button", { name: "Edit" })).toBeNull()
    await userEvent.click(canvas.getByRole("button", { name: "Regenerate" }))
    const picker = await canvas.findByRole("group", { name: "Versions" }, { timeout: 10_000 })
    await waitFor(() => expect(picker).toHaveTextContent("2 / 2"))
  },
}
