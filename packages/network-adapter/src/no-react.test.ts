import { readdir, readFile } from "node:fs/promises"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const sourceDirectory = fileURLToPath(new URL(".", import.meta.url))

async function sourceFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true })
  const files = await Promise.all(
    entries.map((entry) => {
      const path = join(directory, entry.name)
      if (entry.isDirectory()) return sourceFiles(path)
      return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : []
    }),
  )
  return files.flat()
}

describe("@aichatkit/network-adapter", () => {
  it("imports only @aichatkit/types (and vitest for ./testing), so never React", async () => {
    const packages = new Set<string>()
    for (const file of await sourceFiles(sourceDirectory)) {
      // Comments may show usage (`import … from "@aichatkit/network-adapter/testing"`); skip them.
      const source = (await readFile(file, "utf8"))
        .replace(/\/\*[\s\S]*?\*\//g, "")
        .replace(/^\s*\/\/.*$/gm, "")
      for (const [, specifier] of source.matchAll(/(?:from|import)\s*\(?\s*"([^"]+)"/g)) {
        if (specifier !== undefined && !specifier.startsWith(".")) packages.add(specifier)
      }
    }
    expect([...packages].sort()).toEqual(["@aichatkit/types", "vitest"])
  })

  it("declares no React dependency", async () => {
    const manifest = JSON.parse(
      await readFile(fileURLToPath(new URL("../package.json", import.meta.url)), "utf8"),
    ) as Record<string, Record<string, string> | undefined>
    const declared = ["dependencies", "peerDependencies", "optionalDependencies"].flatMap((field) =>
      Object.keys(manifest[field] ?? {}),
    )
    expect(declared.filter((name) => /react/i.test(name))).toEqual([])
  })
})
