import type { ToolCall, ToolCallItem as ToolCallItemData } from "@aichatkit/types"
import type { Meta, StoryObj } from "@storybook/react-vite"
import { expect, fn, userEvent, waitFor, within } from "storybook/test"
import { ToolCallItem } from "./ToolCallItem.js"
import { ScriptedTurn } from "./testdata/scripted-turn.js"
import { StoryFrame } from "./testdata/story-frame.js"

const toolCall = (overrides: Partial<ToolCall> = {}): ToolCallItemData => ({
  id: "t1",
  type: "tool_call",
  toolCall: {
    id: "call-1",
    name: "weather",
    arguments: { city: "Oslo", units: "celsius" },
    status: "pending",
    ...overrides,
  },
})

const meta = {
  title: "Items/ToolCallItem",
  component: ToolCallItem,
  args: { item: toolCall() },
  decorators: [
    (Story) => (
      <StoryFrame>
        <Story />
      </StoryFrame>
    ),
  ],
} satisfies Meta<typeof ToolCallItem>
export default meta
type Story = StoryObj<typeof meta>

/** Called, not started yet. */
export const Pending: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    expect(canvas.getByRole("group", { name: "Tool call: weather" })).toHaveTextContent("Pending")
  },
}

/** Running, with progress reported. */
export const ExecutingWithProgress: Story = {
  args: { item: toolCall({ status: "executing", progress: 60 }) },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    expect(canvas.getByText("Running")).toBeVisible()
    expect(canvas.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "60")
  },
}

/** Done, with a result to expand. */
export const Completed: Story = {
  args: {
    item: toolCall({
      status: "completed",
      result: { temperatureC: 7, conditions: "Light rain", wind: { speed: 4, unit: "m/s" } },
    }),
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    expect(canvas.getByText("Completed")).toBeVisible()
    const result = canvas.getByRole("button", { name: "Result" })
    await userEvent.click(result)
    expect(result).toHaveAttribute("aria-expanded", "true")
    expect(canvas.getByText(/"conditions": "Light rain"/)).toBeVisible()
    const args = canvas.getByRole("button", { name: "Arguments" })
    args.focus()
    await userEvent.keyboard("{Enter}")
    expect(canvas.getByText(/"city": "Oslo"/)).toBeVisible()
  },
}

/** Failed, with the reason shown. */
export const ErrorState: Story = {
  name: "Error",
  args: {
    item: toolCall({
      status: "error",
      error: "The weather service did not answer within 5 seconds; try again in a minute.",
    }),
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    expect(canvas.getByText("Failed")).toBeVisible()
    expect(canvas.getByText(/did not answer within 5 seconds/)).toBeVisible()
  },
}

/** Stopped by the user. */
export const Cancelled: Story = {
  args: { item: toolCall({ status: "cancelled", progress: 30 }) },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    expect(canvas.getByText("Cancelled")).toBeVisible()
    expect(canvas.queryByRole("progressbar")).toBeNull()
  },
}

/** The scripted agent's weather tool: pending, running with progress, completed, then text. */
export const Live: Story = {
  render: () => <ScriptedTurn message="Use the weather tool for Oslo" tokenDelayMs={20} />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await waitFor(() =>
      expect(canvas.getByRole("group", { name: "Tool call: weather" })).toBeVisible(),
    )
    await waitFor(() => expect(canvas.getByText("Completed")).toBeVisible(), { timeout: 10_000 })
    await waitFor(() => expect(canvasElement.querySelector("[data-finished]")).not.toBeNull(), {
      timeout: 10_000,
    })
    expect(canvas.getByRole("article", { name: "Assistant" })).toHaveTextContent("Oslo")
  },
}

/** The agent asks before it runs the tool: Approve, or Deny with an optional reason. */
export const AwaitingApproval: Story = {
  args: { item: toolCall({ status: "awaiting-approval" }), respond: fn() },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement)
    expect(canvas.getByText("Needs your approval")).toBeVisible()
    const approve = canvas.getByRole("button", { name: "Approve" })
    approve.focus()
    await userEvent.keyboard("{Enter}")
    expect(args.respond).toHaveBeenCalledWith({ approved: true })
    expect(approve).toBeDisabled()
    expect(canvas.getByRole("button", { name: "Deny" })).toBeDisabled()
  },
}

/** Approved by the user and run. */
export const Approved: Story = {
  args: {
    item: toolCall({
      status: "completed",
      approval: { approved: true },
      result: { temperatureC: 7, conditions: "Light rain" },
    }),
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    expect(canvas.getByText("You approved this call.")).toBeVisible()
    expect(canvas.queryByRole("button", { name: "Approve" })).toBeNull()
  },
}

/** Denied by the user, with the reason they gave; the tool did not run. */
export const Denied: Story = {
  args: {
    item: toolCall({ status: "cancelled", approval: { approved: false, reason: "Not today" } }),
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    expect(canvas.getByText(/You denied this call\. Not today/)).toBeVisible()
    expect(canvas.getByText("Cancelled")).toBeVisible()
  },
}

/** A tool the page implements asks the user, inside the call (here: pick a city). */
export const BrowserToolAsking: Story = {
  args: {
    item: toolCall({ name: "getLocation", arguments: {}, status: "executing" }),
    children: (
      <fieldset>
        <legend>Where are you?</legend>
        <button type="button">Oslo</button> <button type="button">Bergen</button>
      </fieldset>
    ),
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const group = canvas.getByRole("group", { name: "Tool call: getLocation" })
    expect(group).not.toHaveAttribute("aria-busy")
    expect(canvas.getByRole("button", { name: "Bergen" })).toBeVisible()
  },
}
