import type { Meta, StoryObj } from "@storybook/react-vite"
import { expect, within } from "storybook/test"
import { JsonValue } from "./JsonValue.js"
import { StoryFrame } from "./testdata/story-frame.js"

/**
 * How a tool call's arguments and result, and a card's content, are drawn when no renderer is
 * given: objects as key–value lists, arrays of flat objects as tables, other arrays as lists,
 * strings as text (never HTML).
 */
const meta = {
  title: "Items/JsonValue",
  component: JsonValue,
  args: {
    value: { city: "Oslo", temperatureC: 7, conditions: "Light rain", umbrella: true },
  },
  decorators: [
    (Story) => (
      <StoryFrame>
        <Story />
      </StoryFrame>
    ),
  ],
} satisfies Meta<typeof JsonValue>
export default meta
type Story = StoryObj<typeof meta>

/** A weather tool's result: an object as a key–value list. */
export const KeyValue: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await expect(canvas.getByText("temperatureC")).toBeVisible()
    await expect(canvas.getByText("Light rain")).toBeVisible()
  },
}

/** A forecast: an array of flat objects as a table. */
export const TableOfRows: Story = {
  args: {
    value: [
      { day: "Saturday", high: "9 °C", low: "3 °C", rain: "80 %" },
      { day: "Sunday", high: "11 °C", low: "4 °C", rain: "20 %" },
      { day: "Monday", high: "12 °C", low: "6 °C", rain: "10 %" },
    ],
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await expect(canvas.getByRole("columnheader", { name: "rain" })).toBeVisible()
    await expect(canvas.getAllByRole("row")).toHaveLength(4)
  },
}

/** Nested values, a list, and empty ones (shown as "—", not as blanks). */
export const Nested: Story = {
  args: {
    value: {
      order: "A-10492",
      customer: { name: "Maria Hansen", email: "maria@example.com" },
      items: ["Rain jacket", "Wool socks"],
      note: "",
      coupon: null,
    },
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await expect(canvas.getByText("Maria Hansen")).toBeVisible()
    await expect(canvas.getByText("Wool socks")).toBeVisible()
  },
}
