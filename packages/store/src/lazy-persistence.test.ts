import { describe, expect, it } from "vitest"
import { loadedUpFront as inputsUpFront } from "../../../scripts/bundle-graph.mjs"

/** The source files a bundle of `contents`, resolved from this folder, loads up front. */
const loadedUpFront = (contents: string) =>
  inputsUpFront(contents, new URL(".", import.meta.url).pathname)

/** Persistence's code: the store's own files and zustand's middleware. */
const persistenceCode = (inputs: string[]) =>
  inputs.filter((input) => /src\/persist[^/]*\.ts$|zustand\/esm\/middleware/.test(input))

describe("the code a page with a chat store loads up front", () => {
  it("has no persistence in it unless the page imports @aichatkit/store/persist", async () => {
    const withoutPersistence = await loadedUpFront(
      'import { createChatController, createChatStore } from "./index.ts"\nglobalThis.use = [createChatController, createChatStore]',
    )
    expect(withoutPersistence.some((input) => input.endsWith("src/create-chat-store.ts"))).toBe(
      true,
    )
    expect(persistenceCode(withoutPersistence)).toEqual([])

    const withPersistence = await loadedUpFront(
      'import { createChatStore } from "./index.ts"\nimport { chatPersistence } from "./persistence.ts"\nglobalThis.use = [createChatStore, chatPersistence]',
    )
    expect(persistenceCode(withPersistence)).toEqual(
      expect.arrayContaining([expect.stringMatching(/src\/persist\.ts$/)]),
    )
    expect(persistenceCode(withPersistence).some((input) => input.includes("zustand"))).toBe(true)
  })
})
