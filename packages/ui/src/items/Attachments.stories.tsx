import type { Attachment, MessageItem as MessageItemData } from "@aichatkit/types"
import type { Meta, StoryObj } from "@storybook/react-vite"
import { expect, userEvent, waitFor, within } from "storybook/test"
import { Attachments } from "./Attachments.js"
import { MessageItem } from "./MessageItem.js"
import { StoryFrame } from "./testdata/story-frame.js"

/** A small chart as an SVG image: shown through <img>, as any SVG from the wire is. */
const chartSvg = `data:image/svg+xml;base64,${btoa(
  '<svg xmlns="http://www.w3.org/2000/svg" width="240" height="180"><rect width="240" height="180" fill="#eef"/><rect x="30" y="90" width="40" height="70" fill="#36c"/><rect x="100" y="50" width="40" height="110" fill="#36c"/><rect x="170" y="20" width="40" height="140" fill="#36c"/></svg>',
)}`

const chart: Attachment = {
  id: "a1",
  name: "sales-by-quarter.svg",
  mediaType: "image/svg+xml",
  size: 412,
  url: chartSvg,
}
const report: Attachment = {
  id: "a2",
  name: "quarterly report 2026.pdf",
  mediaType: "application/pdf",
  size: 2_400_000,
  url: "https://example.com/report.pdf",
}

const message = (overrides: Partial<MessageItemData>): MessageItemData => ({
  id: "m1",
  type: "message",
  role: "user",
  content: "Here are the numbers.",
  timestamp: "2026-11-23T09:05:00Z",
  ...overrides,
})

/**
 * The files of a message: images inline in a box of fixed size (loaded lazily, so the list
 * does not jump), opening large in a dialog; other files as download chips with name and size.
 */
const meta = {
  title: "Items/Attachments",
  component: Attachments,
  args: { attachments: [chart, report] },
  decorators: [
    (Story) => (
      <StoryFrame>
        <Story />
      </StoryFrame>
    ),
  ],
} satisfies Meta<typeof Attachments>
export default meta
type Story = StoryObj<typeof meta>

/** An image and a file, as a list. */
export const ImageAndFile: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await expect(canvas.getByRole("list", { name: "Attachments" })).toBeVisible()
    await expect(canvas.getByRole("link", { name: /quarterly report 2026\.pdf/ })).toBeVisible()
  },
}

/** The image opened large: a modal dialog, closed by its button or Escape. */
export const Lightbox: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await userEvent.click(canvas.getByRole("button", { name: "Open image sales-by-quarter.svg" }))
    const dialog = await within(canvasElement.ownerDocument.body).findByRole("dialog")
    await expect(within(dialog).getByRole("button", { name: "Close" })).toHaveFocus()
  },
}

/** A file whose address may not be shown (a javascript: URL): its name as text, no link. */
export const Unavailable: Story = {
  args: {
    attachments: [{ ...report, id: "x", url: "javascript:alert(1)" }],
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await expect(canvas.queryByRole("link")).toBeNull()
    await expect(canvas.getByText("(cannot be shown)")).toBeVisible()
  },
}

/** On messages: the user's text with a file, and an image the agent sent. */
export const OnMessages: Story = {
  render: () => (
    <>
      <MessageItem item={message({ attachments: [report] })} />
      <MessageItem
        item={message({ id: "m2", role: "assistant", content: "", attachments: [chart] })}
      />
    </>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await waitFor(() =>
      expect(canvas.getByRole("img", { name: "sales-by-quarter.svg" })).toBeVisible(),
    )
  },
}

/**
 * A message being sent while its files upload (where the adapter reports it, e.g. through an
 * app's `upload` with XMLHttpRequest): a bar under each file, here the report at 40% and the
 * image at 75%. The bars are not live regions: nothing is announced per percent.
 */
export const Uploading: Story = {
  args: {
    uploads: { [chart.id]: 75, [report.id]: 40 },
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const bar = canvas.getByRole("progressbar", { name: "Uploading quarterly report 2026.pdf" })
    await expect(bar).toHaveAttribute("value", "40")
    await expect(bar).toHaveAttribute("max", "100")
    await expect(
      canvas.getByRole("progressbar", { name: "Uploading sales-by-quarter.svg" }),
    ).toHaveAttribute("value", "75")
  },
}
