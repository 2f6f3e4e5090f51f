/**
 * Markdown benchmarks (a script that prints figures, not a test):
 *   npm run bench -w @aichatkit/ui
 * The inputs of issue 13 that froze or crashed the tab, plus an ordinary 1 MB answer: the
 * time to parse each whole (a message opened from history), and streamed in 20-character
 * tokens (the total, and the worst single update: the work of one frame).
 */
import { IncrementalMarkdown } from "../src/items/markdown-blocks.js"
import { GroupChunks } from "../src/items/markdown-chunks.js"

function ordinaryAnswer(length: number): string {
  const paragraph =
    "The **weather** in _Oslo_ is mild today, with `code` and a [link](https://example.com). More words follow here to fill the line.\n\n"
  const list = "- one item with **bold**\n- two item\n- three\n\n"
  const code = "```ts\nconst x = 1\nfunction f() { return x }\n```\n\n"
  let text = ""
  while (text.length < length) text += paragraph + list + code
  return text.slice(0, length)
}

const inputs: [string, string][] = [
  ['"*a _" × 10 KB', "*a _".repeat(2_500)],
  ['"*a _" × 20 KB', "*a _".repeat(5_000)],
  ['"*a _" × 40 KB', "*a _".repeat(10_000)],
  ['"> " × 2,000', "> ".repeat(2_000)],
  ['"- " × 20,000', "- ".repeat(20_000)],
  ['"*" × 20,000 + "a" + "*" × 20,000', `${"*".repeat(20_000)}a${"*".repeat(20_000)}`],
  [
    "list nested 700 deep (indentation)",
    Array.from({ length: 700 }, (_, level) => `${" ".repeat(level * 2)}- x`).join("\n"),
  ],
  ["ordinary 100 KB", ordinaryAnswer(100_000)],
  ["ordinary 1 MB", ordinaryAnswer(1_000_000)],
]

function whole(text: string): number {
  const start = performance.now()
  new IncrementalMarkdown().update(text, { final: true })
  return performance.now() - start
}

/** The middle and the slowest of `frames`. */
function percentiles(frames: number[]): { p50: number; worst: number } {
  const sorted = [...frames].sort((a, b) => a - b)
  return { p50: sorted[Math.floor(sorted.length / 2)] ?? 0, worst: sorted.at(-1) ?? 0 }
}

/** Streams `text` through the parser and the chunker, as Markdown does each frame. */
function streamed(
  text: string,
  tokenLength: number,
): { total: number; p50: number; worst: number } {
  const markdown = new IncrementalMarkdown()
  const chunker = new GroupChunks()
  const frames: number[] = []
  const start = performance.now()
  for (let end = tokenLength; end < text.length + tokenLength; end += tokenLength) {
    const final = end >= text.length
    const before = performance.now()
    chunker.update(markdown.advance(text.slice(0, end), { final }))
    frames.push(performance.now() - before)
  }
  return { total: performance.now() - start, ...percentiles(frames) }
}

const ms = (value: number) => `${value.toFixed(1)} ms`.padStart(11)

console.log("Markdown: parse whole, and streamed in 20-character tokens (Node, marked lexer)")
console.log(
  `${"input".padEnd(42)}${"whole".padStart(11)}${"streamed".padStart(11)}${"p50 update".padStart(12)}${"worst update".padStart(14)}`,
)
for (const [name, text] of inputs) {
  whole(text) // warm-up
  const once = whole(text)
  // Streaming 1 MB in 20-character tokens is 50,000 updates; 200-character ones keep it short.
  const tokenLength = text.length > 200_000 ? 200 : 20
  const { total, p50, worst } = streamed(text, tokenLength)
  const label = tokenLength === 20 ? name : `${name} (200-char)`
  console.log(
    `${label.padEnd(42)}${ms(once)}${ms(total)}${ms(p50).padStart(12)}${ms(worst).padStart(14)}`,
  )
}

/**
 * The same streamed in React (happy-dom, one synchronous commit per token, as one frame): the
 * markdown work of a frame, parse and render together.
 */
async function renderFigures(): Promise<void> {
  const { Window } = await import("happy-dom")
  const window = new Window()
  Object.assign(globalThis, {
    window,
    document: window.document,
    navigator: window.navigator,
    HTMLElement: window.HTMLElement,
  })
  const { createElement } = await import("react")
  const { flushSync } = await import("react-dom")
  const { createRoot } = await import("react-dom/client")
  const { Markdown } = await import("../src/items/Markdown.js")
  console.log("\nReact: streamed, one commit per token (happy-dom)")
  console.log(
    `${"input".padEnd(38)}${"p50 frame".padStart(11)}${"worst".padStart(11)}${"frames".padStart(9)}`,
  )
  for (const [name, text, tokenLength] of [
    ['"*a _" × 40 KB', "*a _".repeat(10_000), 200],
    ["ordinary 100 KB", ordinaryAnswer(100_000), 200],
    ["ordinary 1 MB (2,000-char tokens)", ordinaryAnswer(1_000_000), 2_000],
  ] as const) {
    const container = window.document.createElement("div")
    const root = createRoot(container as unknown as Element)
    const frames: number[] = []
    for (let end = tokenLength; end < text.length + tokenLength; end += tokenLength) {
      const props = { text: text.slice(0, end), streaming: end < text.length }
      const start = performance.now()
      flushSync(() => root.render(createElement(Markdown, props)))
      frames.push(performance.now() - start)
    }
    root.unmount()
    const { p50, worst } = percentiles(frames)
    console.log(`${name.padEnd(38)}${ms(p50)}${ms(worst)}${String(frames.length).padStart(9)}`)
  }
}

await renderFigures()
