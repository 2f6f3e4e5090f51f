import type { ChatResponseItem } from "@aichatkit/types"
import type { Meta, StoryObj } from "@storybook/react-vite"
import { expect, within } from "storybook/test"
import { ItemRenderer } from "./ItemRenderer.js"
import { PartFrame } from "./testdata/part-frame.js"
import { StoryChat, seedConversation } from "./testdata/story-chat.js"

const items: ChatResponseItem[] = [
  {
    id: "question",
    type: "message",
    role: "user",
    content: "Which ferry goes to Bygdøy, and when does the last one leave?",
    timestamp: "2026-03-14T09:12:00Z",
  },
  {
    id: "timetable",
    type: "tool_call",
    toolCall: {
      id: "call-1",
      name: "ferry_timetable",
      arguments: { from: "Rådhusbrygge 3", to: "Bygdøy" },
      status: "completed",
      result: { line: "B9", lastDeparture: "18:45", every: "20 min" },
    },
  },
]

/**
 * Draws one item of a conversation by id, with the app's `renderers` when one matches
 * (`renderers.toolCall[name]`, `renderers.card[type]`, `renderers.message`) and the default
 * component otherwise. `MessageList` uses it for every row; a custom list can too.
 */
const meta = {
  title: "Parts/ItemRenderer",
  component: ItemRenderer,
  args: { itemId: "timetable" },
  render: (args) => (
    <StoryChat seed={seedConversation(items, { title: "Ferry to Bygdøy" })}>
      {(controller) => (
        <PartFrame controller={controller}>
          <ItemRenderer {...args} />
        </PartFrame>
      )}
    </StoryChat>
  ),
} satisfies Meta<typeof ItemRenderer>
export default meta
type Story = StoryObj<typeof meta>

/** A tool call drawn by the default component. */
export const DefaultComponent: Story = {
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText("ferry_timetable")).toBeVisible()
  },
}

/** The same item drawn by the app's own component for that tool. */
export const AppRenderer: Story = {
  render: (args) => (
    <StoryChat seed={seedConversation(items, { title: "Ferry to Bygdøy" })}>
      {(controller) => (
        <PartFrame
          controller={controller}
          provider={{
            renderers: {
              toolCall: {
                ferry_timetable: ({ item }) => (
                  <p className="story-ferry">
                    Line {String((item.toolCall.result as { line?: unknown })?.line)}: the last
                    ferry leaves at{" "}
                    {String((item.toolCall.result as { lastDeparture?: unknown })?.lastDeparture)}.
                  </p>
                ),
              },
            },
          }}
        >
          <ItemRenderer {...args} />
        </PartFrame>
      )}
    </StoryChat>
  ),
  play: async ({ canvasElement }) => {
    await expect(
      within(canvasElement).getByText("Line B9: the last ferry leaves at 18:45."),
    ).toBeVisible()
  },
}
