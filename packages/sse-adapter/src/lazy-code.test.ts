import { describe, expect, it } from "vitest"
import { loadedUpFront as inputsUpFront } from "../../../scripts/bundle-graph.mjs"

/** The source files a bundle of `contents`, resolved from this folder, loads up front. */
const loadedUpFront = (contents: string) =>
  inputsUpFront(contents, new URL(".", import.meta.url).pathname)

describe("the code a page with SSEAdapter loads up front", () => {
  it("is the adapter alone: the dialects, the stream decoder and the turn load when an agent starts", async () => {
    const upFront = await loadedUpFront(
      'import { SSEAdapter } from "./index.ts"\nglobalThis.adapter = SSEAdapter',
    )
    expect(upFront.some((input) => input.endsWith("src/sse-adapter.ts"))).toBe(true)
    for (const lazy of [
      "dialects/haira.ts",
      "dialects/ai-sdk.ts",
      "dialects/ag-ui.ts",
      "src/turn.ts",
      "src/decode.ts",
      "eventsource-parser",
    ]) {
      expect(upFront.filter((input) => input.includes(lazy))).toEqual([])
    }
  })
})
