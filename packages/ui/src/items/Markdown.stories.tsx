import type { Meta, StoryObj } from "@storybook/react-vite"
import { expect, within } from "storybook/test"
import { Markdown } from "./Markdown.js"
import { StoryFrame } from "./testdata/story-frame.js"

const answer = `## Reading a large CSV file

The \`csv\` module already streams: the reader yields **one row at a time**, so memory stays flat
even for a 2 GB file.

1. Open the file with \`newline=""\`.
2. Skip the header with \`next(reader)\`.
3. Process each row as it comes.

\`\`\`python
import csv

with open("sales.csv", newline="") as file:
    reader = csv.reader(file)
    next(reader)  # skip the header
    total = sum(float(row[3]) for row in reader)
\`\`\`

For aggregations, [pandas' \`read_csv\`](https://pandas.pydata.org/docs/reference/api/pandas.read_csv.html)
with \`chunksize\` is faster than a Python loop.`

const comparison = `| Option | Memory | Speed |
| --- | --- | --- |
| \`csv.reader\` | one row | slow for heavy work |
| \`pandas.read_csv(chunksize=…)\` | one chunk | fast |
| \`polars.scan_csv\` | lazy | fastest |

- [x] Read the header
- [x] Stream the rows
- [ ] Write the report

> Tip: measure before you optimise; the disk is often the bottleneck.`

/**
 * GitHub-flavoured markdown rendered to React elements, never to an HTML string: raw HTML in
 * the text shows as text and links are limited to http(s) and mailto. While `streaming`, only
 * the last block renders again as text arrives.
 */
const meta = {
  title: "Items/Markdown",
  component: Markdown,
  args: { text: answer },
  decorators: [
    (Story) => (
      <StoryFrame>
        <Story />
      </StoryFrame>
    ),
  ],
} satisfies Meta<typeof Markdown>
export default meta
type Story = StoryObj<typeof meta>

/** An assistant's answer: heading, emphasis, a numbered list, code and a link. */
export const Answer: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await expect(canvas.getByRole("heading", { name: "Reading a large CSV file" })).toBeVisible()
    await expect(canvas.getByRole("link", { name: /read_csv/ })).toHaveAttribute(
      "href",
      "https://pandas.pydata.org/docs/reference/api/pandas.read_csv.html",
    )
  },
}

/** A table, a task list and a quote. */
export const TablesAndTasks: Story = {
  args: { text: comparison },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await expect(canvas.getAllByRole("row")).toHaveLength(4)
    await expect(canvas.getAllByRole("checkbox")).toHaveLength(3)
  },
}

/** Half-way through an answer: the caret shows where text is still arriving. */
export const Streaming: Story = {
  args: { text: answer.slice(0, 260), streaming: true },
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelector(".aichatkit-caret")).not.toBeNull()
  },
}
