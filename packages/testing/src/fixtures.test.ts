import { chatResponseItemProblem } from "@aichatkit/types"
import { describe, expect, it } from "vitest"
import { createItems, createReplyTokens } from "./fixtures.js"

describe("createItems", () => {
  it("makes ~40-word messages alternating user/assistant, every third rich", () => {
    const items = createItems(9)
    expect(items.map((item) => item.role)).toEqual([
      "user",
      "assistant",
      "user",
      "assistant",
      "user",
      "assistant",
      "user",
      "assistant",
      "user",
    ])
    items.forEach((item, index) => {
      expect(chatResponseItemProblem(item)).toBeUndefined()
      const words = item.content.split(/\s+/).length
      expect(words).toBeGreaterThanOrEqual(36)
      expect(words).toBeLessThanOrEqual(48)
      const rich = index % 3 === 2
      expect(/\*\*[^*]+\*\*/.test(item.content)).toBe(rich)
      expect(/`[^`]+`/.test(item.content)).toBe(rich)
      expect(item.content.match(/^- /gm)?.length ?? 0).toBe(rich ? 3 : 0)
    })
    expect(new Set(items.map((item) => item.id)).size).toBe(9)
  })

  it("is deterministic with the seed", () => {
    expect(createItems(5, { seed: 2 })).toEqual(createItems(5, { seed: 2 }))
    expect(createItems(5, { seed: 2 })).not.toEqual(createItems(5, { seed: 3 }))
  })
})

describe("createReplyTokens", () => {
  it("cuts a ~9 kB markdown reply into about 2,000 tokens of 3 to 6 characters", () => {
    const tokens = createReplyTokens()
    const text = tokens.join("")
    expect(text).toHaveLength(9_000)
    expect(text).toContain("**")
    expect(text).toContain("\n- ")
    expect(tokens.length).toBeGreaterThan(1_700)
    expect(tokens.length).toBeLessThan(2_300)
    for (const token of tokens) expect(token.length).toBeGreaterThanOrEqual(3)
  })
})
