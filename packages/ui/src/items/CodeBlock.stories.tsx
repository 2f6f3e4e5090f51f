import type { Meta, StoryObj } from "@storybook/react-vite"
import { expect, waitFor, within } from "storybook/test"
import { CodeBlock } from "./CodeBlock.js"
import { StoryFrame } from "./testdata/story-frame.js"

const typescript = `import { SSEAdapter } from "@aichatkit/sse-adapter"

const adapter = new SSEAdapter({ url: "/api/chat", dialect: "ai-sdk" })
const agentId = await adapter.startChatAgent()
const response = await adapter.sendMessage(agentId, "What's the weather in Oslo?")
console.log(response.items.length)`

/**
 * A fenced code block of an answer: the language, a Copy button, and highlighting (loaded on
 * first use) once the block is finished. The code is always text, never HTML.
 */
const meta = {
  title: "Items/CodeBlock",
  component: CodeBlock,
  args: { code: typescript, language: "ts" },
  decorators: [
    (Story) => (
      <StoryFrame>
        <Story />
      </StoryFrame>
    ),
  ],
} satisfies Meta<typeof CodeBlock>
export default meta
type Story = StoryObj<typeof meta>

/** TypeScript, highlighted once the highlighter has loaded. */
export const Highlighted: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await expect(canvas.getByText("ts")).toBeVisible()
    await expect(canvas.getByRole("button", { name: "Copy code" })).toBeVisible()
    await waitFor(() => expect(canvasElement.querySelector("code.hljs")).not.toBeNull(), {
      timeout: 10_000,
    })
  },
}

/** Still being written: plain text until the fence closes, so nothing flickers. */
export const Streaming: Story = {
  args: { code: typescript.slice(0, 140), streaming: true },
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelector("code.hljs")).toBeNull()
  },
}

/** A fence without a language: a terminal session, shown as it is. */
export const NoLanguage: Story = {
  args: {
    code: "$ npm install @aichatkit/ui\nadded 12 packages in 3s\n$ npm run build-storybook",
    language: "",
  },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText("$ npm install", { exact: false })).toBeVisible()
  },
}

/** Long lines scroll inside the block (it is focusable, so the keyboard can scroll it too). */
export const LongLines: Story = {
  args: {
    language: "sql",
    code: "SELECT orders.id, customers.name, customers.email, orders.total, orders.currency, orders.created_at FROM orders JOIN customers ON customers.id = orders.customer_id WHERE orders.created_at >= DATE '2026-03-01' AND orders.status = 'paid' ORDER BY orders.created_at DESC;",
  },
  play: async ({ canvasElement }) => {
    const pre = canvasElement.querySelector("pre")!
    await expect(pre.scrollWidth).toBeGreaterThan(pre.clientWidth)
    await expect(pre).toHaveAttribute("tabindex", "0")
  },
}
