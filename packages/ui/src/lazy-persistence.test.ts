// @vitest-environment node
import { describe, expect, it } from "vitest"
import { loadedUpFront as inputsUpFront } from "../../../scripts/bundle-graph.mjs"

/** The source files a bundle of `contents`, resolved from this folder, loads up front. */
const loadedUpFront = (contents: string) =>
  inputsUpFront(contents, new URL(".", import.meta.url).pathname)

describe("the code a page with <ChatView> and createChatController loads up front", () => {
  it("has none of persistence: the store's persist files and zustand's middleware load only with @aichatkit/store/persist", async () => {
    const upFront = await loadedUpFront(
      'import { ChatView } from "./index.ts"\nimport { createChatController } from "@aichatkit/store"\nglobalThis.use = [ChatView, createChatController]',
    )
    expect(upFront.some((input) => input.endsWith("store/src/create-chat-store.ts"))).toBe(true)
    expect(upFront.some((input) => input.endsWith("src/ChatProvider.tsx"))).toBe(true)
    expect(
      upFront.filter((input) => /store\/src\/persist|zustand\/esm\/middleware\.mjs/.test(input)),
    ).toEqual([])
  })
})
