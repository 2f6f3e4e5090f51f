// @vitest-environment node
/**
 * The package entry is a client boundary for React Server Components bundlers (Next.js App
 * Router): "use client" first, and named exports only (they reject `export *` there). The
 * consumer test (scripts/consumer-test.mjs) imports the built package under react-server.
 */
import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"

const source = readFileSync(new URL("./index.ts", import.meta.url), "utf8")
const withoutComments = source.replace(/^\s*\/\/.*$/gm, "").trimStart()

describe("the package entry", () => {
  it('starts with the "use client" directive', () => {
    expect(withoutComments.startsWith('"use client"')).toBe(true)
  })

  it("has no export * (a client boundary must name its exports)", () => {
    expect(source).not.toMatch(/^export \*/m)
  })
})
