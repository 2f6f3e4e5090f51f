import type { Meta, StoryObj } from "@storybook/react-vite"
import { expect, fn, userEvent, within } from "storybook/test"
import { EmptyState } from "./EmptyState.js"

/**
 * What an empty conversation shows: a heading, an optional introduction and prompts the user
 * can send with one click. `ChatView` shows it with its `suggestions`; on its own it needs no
 * provider (the heading falls back to the default label).
 */
const meta = {
  title: "Parts/EmptyState",
  component: EmptyState,
  args: {
    suggestions: [
      "Plan a weekend in Oslo",
      "Explain let and const in JavaScript",
      "Three quick vegetarian dinners",
    ],
    onSuggestion: fn(),
  },
} satisfies Meta<typeof EmptyState>
export default meta
type Story = StoryObj<typeof meta>

/** The default heading with three suggestions; picking one calls `onSuggestion`. */
export const WithSuggestions: Story = {
  play: async ({ args, canvasElement }) => {
    const canvas = within(canvasElement)
    await expect(canvas.getByText("How can I help?")).toBeVisible()
    await userEvent.click(canvas.getByRole("button", { name: "Plan a weekend in Oslo" }))
    await expect(args.onSuggestion).toHaveBeenCalledWith("Plan a weekend in Oslo")
  },
}

/** An app's own heading and introduction (`children`). */
export const CustomTitleAndIntro: Story = {
  args: {
    title: "Ask the travel desk",
    children: (
      <p>
        Our assistant knows every route and timetable of the company. It answers in English and
        Norwegian.
      </p>
    ),
    suggestions: [
      "When does the last ferry to Nesodden leave?",
      "Can I bring my bike on the train?",
    ],
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await expect(canvas.getByText("Ask the travel desk")).toBeVisible()
    await expect(canvas.getByText(/every route and timetable/)).toBeVisible()
  },
}

/** No suggestions: the heading alone. */
export const HeadingOnly: Story = {
  args: { suggestions: undefined },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).queryByRole("list")).toBeNull()
  },
}
