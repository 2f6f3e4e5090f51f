import { describe, expect, it } from "vitest"
import { defaultItemLabels } from "./labels.js"
import { markdownToSpeech } from "./markdown-speech.js"

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
})
