import { afterEach, describe, expect, it, vi } from "vitest"
import { defaultItemLabels } from "./labels.js"
import { IncrementalMarkdown } from "./markdown-blocks.js"
import { markdownToSpeech } from "./markdown-speech.js"
import { recordLexedSources } from "./testdata/lex-spy.js"
import { showcaseMarkdown } from "./testdata/showcase.js"

afterEach(() => {
  vi.restoreAllMocks()
})

/** Shows `text` the way a streaming message does: in chunks, then complete. */
function showStreamed(text: string, complete = true): void {
  const view = new IncrementalMarkdown()
  for (let end = 7; end < text.length; end += 7) view.update(text.slice(0, end))
  if (complete) view.update(text, { final: true })
}

describe("markdownToSpeech", () => {
  it.each([
    ["## Here is what I found", "Here is what I found"],
    ["It is **7 °C** with *light* rain.", "It is 7 °C with light rain."],
    ["Read the [aichatkit README](https://example.com/readme).", "Read the aichatkit README."],
    ["Call `sendMessage()` now.", "Call sendMessage() now."],
    ["- one\n- two", "one\ntwo"],
    ["1. first\n2. second", "first\nsecond"],
    ["> quoted **text**", "quoted text"],
    ["```ts\nconst a = 1\nconst b = 2\n```", "code block, 2 lines"],
    ["```\nonly\n```", "code block, 1 line"],
    ["Tom &amp; Jerry", "Tom & Jerry"],
    ["a\n\n---\n\nb", "a\nb"],
    ["| a | b |\n|---|---|\n| 1 | 2 |", "a, b\n1, 2"],
    ["- [x] done\n- [ ] open", "Done:\ndone\nNot done:\nopen"],
  ])("%j is read as %j", (source, expected) => {
    expect(markdownToSpeech(source, defaultItemLabels)).toBe(expected)
  })

  it("reads the scripted answer without any markdown syntax", () => {
    const source =
      "## Title\n\nSome **bold** text.\n\n```ts\nconst x = 1\nconsole.log(x)\n```\n\nSee [docs](https://example.com)."
    const speech = markdownToSpeech(source, defaultItemLabels)
    expect(speech).toBe("Title\nSome bold text.\ncode block, 2 lines\nSee docs.")
    expect(speech).not.toMatch(/[#*`[\]]/)
  })

  it("reads an answer its view showed complete from the view's blocks, as a fresh lex reads", () => {
    // A long list is lexed in parts while it streams: the parts read as the one list.
    const list = Array.from({ length: 30 }, (_, index) => `- point ${index} with **bold**`)
    const answer = `${showcaseMarkdown}\n\n${list.join("\n")}\n\nThe end.`
    const freshReading = markdownToSpeech(answer, defaultItemLabels)
    showStreamed(answer)
    const lexed = recordLexedSources()
    expect(markdownToSpeech(answer, defaultItemLabels)).toBe(freshReading)
    expect(lexed).toEqual([])
  })

  it("lexes an answer no view has shown complete, and forgets all but the last four shown", () => {
    const answer = (index: number) => `Answer ${index} with **bold** and \`code\`.\n\n- a\n- b`
    showStreamed(answer(0), false)
    for (let index = 1; index <= 5; index++) showStreamed(answer(index))
    const lexed = recordLexedSources()
    for (let index = 0; index <= 5; index++) markdownToSpeech(answer(index), defaultItemLabels)
    expect(lexed).toEqual([answer(0), answer(1)])
  })
})
