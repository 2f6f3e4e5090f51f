import { afterEach, describe, expect, it, vi } from "vitest"
import { createId } from "./ids.js"

const uuidV4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

afterEach(() => {
  vi.unstubAllGlobals()
})

/** The page's `crypto` as a plain-http page (not localhost) has it: no `randomUUID`. */
function withoutRandomUUID(): void {
  const { getRandomValues } = globalThis.crypto
  vi.stubGlobal("crypto", { getRandomValues: getRandomValues.bind(globalThis.crypto) })
}

describe("createId", () => {
  it("makes v4 UUIDs with crypto.randomUUID", () => {
    expect(createId()).toMatch(uuidV4)
  })

  it.each([
    ["without crypto.randomUUID (plain-http pages)", withoutRandomUUID],
    ["without Web Crypto at all", () => vi.stubGlobal("crypto", undefined)],
  ])("makes distinct v4 UUIDs %s", (_, removeCrypto) => {
    removeCrypto()
    expect("randomUUID" in (globalThis.crypto ?? {})).toBe(false)
    const ids = new Set(Array.from({ length: 1000 }, createId))
    expect(ids.size).toBe(1000)
    for (const id of ids) expect(id).toMatch(uuidV4)
  })
})
