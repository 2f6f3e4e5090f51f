import type { CardItem as CardItemData } from "@aichatkit/types"
import type { Meta, StoryObj } from "@storybook/react-vite"
import { expect, fn, userEvent, waitFor, within } from "storybook/test"
import { CardItem } from "./CardItem.js"
import { ScriptedTurn } from "./testdata/scripted-turn.js"
import { StoryFrame } from "./testdata/story-frame.js"

const weather: CardItemData = {
  id: "k1",
  type: "card",
  card: {
    id: "weather-oslo",
    type: "weather",
    title: "Weather in Oslo",
    content: {
      temperature: "7 °C",
      conditions: "Light rain",
      forecast: [
        { day: "Tue", high: "9 °C", low: "3 °C" },
        { day: "Wed", high: "11 °C", low: "4 °C" },
      ],
      sources: ["met.no", "yr.no"],
    },
    actions: [
      {
        id: "refresh",
        label: "Refresh",
        type: "button",
        action: "refresh",
        data: { city: "Oslo" },
      },
      {
        id: "forecast",
        label: "Full forecast",
        type: "link",
        action: "https://example.com/forecast/oslo",
      },
    ],
  },
}

const meta = {
  title: "Items/CardItem",
  component: CardItem,
  args: { item: weather, onAction: fn() },
  decorators: [
    (Story) => (
      <StoryFrame>
        <Story />
      </StoryFrame>
    ),
  ],
} satisfies Meta<typeof CardItem>
export default meta
type Story = StoryObj<typeof meta>

/** A card with content, a button and a link. */
export const WithActions: Story = {
  play: async ({ args, canvasElement }) => {
    const canvas = within(canvasElement)
    expect(canvas.getByRole("article", { name: "Weather in Oslo" })).toHaveTextContent("Light rain")
    expect(canvas.getByRole("table")).toHaveTextContent("Wed")
    await userEvent.click(canvas.getByRole("button", { name: "Refresh" }))
    expect(args.onAction).toHaveBeenCalledWith(weather.card.actions![0], weather.card)
    const link = canvas.getByRole("link", { name: "Full forecast" })
    expect(link).toHaveAttribute("href", "https://example.com/forecast/oslo")
    expect(link).toHaveAttribute("rel", "noopener noreferrer")
  },
}

/** Hostile title, content and link: all text, and the link is disabled with a reason. */
export const XssAttempt: Story = {
  args: {
    item: {
      id: "k2",
      type: "card",
      card: {
        id: "evil",
        type: "<script>",
        title: '<img src=x onerror="document.body.dataset.pwned=1">',
        content: { note: "<script>document.body.dataset.pwned=1</script>" },
        actions: [{ id: "bad", label: "Open", type: "link", action: "javascript:alert(1)" }],
      },
    },
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    expect(canvas.getByText(/<img src=x onerror=/)).toBeVisible()
    expect(canvas.getByText(/<script>document/)).toBeVisible()
    expect(canvasElement.querySelector("img, script, a")).toBeNull()
    expect(canvas.getByRole("button", { name: "Open" })).toBeDisabled()
    expect(canvas.getByText(/link was blocked/)).toBeVisible()
    expect(document.body.dataset.pwned).toBeUndefined()
  },
}

/** A card without a title or content. */
export const Empty: Story = {
  args: { item: { id: "k3", type: "card", card: { id: "empty", type: "note", content: {} } } },
  play: async ({ canvasElement }) => {
    expect(within(canvasElement).getByText("No content")).toBeVisible()
  },
}

/** The scripted agent's weather card, with its button wired to onAction. */
export const Live: Story = {
  render: (args) => <ScriptedTurn message="Show me a card" onCardAction={args.onAction} />,
  play: async ({ args, canvasElement }) => {
    const canvas = within(canvasElement)
    const button = await waitFor(() => canvas.getByRole("group", { name: "Actions" }), {
      timeout: 10_000,
    })
    await userEvent.click(within(button).getAllByRole("button")[0]!)
    expect(args.onAction).toHaveBeenCalledTimes(1)
  },
}
