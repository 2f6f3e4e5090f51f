import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { lazyDependencies } from "../scripts/lazy-dependencies.mjs"

const packagesImportedBy = (file: string) =>
  [...readFileSync(new URL(file, import.meta.url), "utf8").matchAll(/from "([^".][^"]*)"/g)]
    .map((match) => match[1] as string)
    .filter((specifier) => specifier !== "react" && !specifier.startsWith("hast"))

describe("lazyDependencies", () => {
  it("lists every package the lazily loaded modules import, so Vite optimizes them up front", () => {
    const imported = [
      ...packagesImportedBy("./items/highlighter.ts"),
      ...packagesImportedBy("./hooks/use-virtual-rows.ts"),
    ].filter((specifier) => specifier !== "react-dom")
    expect(imported.length).toBeGreaterThan(10)
    for (const specifier of imported) expect(lazyDependencies).toContain(specifier)
  })
})
