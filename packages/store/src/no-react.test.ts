/**
 * `@aichatkit/types`, `network-adapter` and `store` must work without React (servers, workers,
 * other frameworks). Checked twice: every import specifier of their sources, and loading each
 * package in Node with React made impossible to resolve.
 */
import { execFile } from "node:child_process"
import { readdirSync, readFileSync } from "node:fs"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"
import { describe, expect, it } from "vitest"

const here = dirname(fileURLToPath(import.meta.url))
const packagesDir = resolve(here, "../..")
const rootDir = resolve(packagesDir, "..")
const packages = ["types", "network-adapter", "store"]
const allowedBare = new Set([
  "@aichatkit/types",
  "@aichatkit/network-adapter",
  "zustand/vanilla",
  "zustand/middleware",
])

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === "testdata" ? [] : sourceFiles(path)
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : []
  })
}

function importSpecifiers(source: string): string[] {
  const patterns = [
    /\bfrom\s*["']([^"']+)["']/g,
    /\bimport\s*["']([^"']+)["']/g,
    /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g,
    /\brequire\s*\(\s*["']([^"']+)["']\s*\)/g,
  ]
  return patterns.flatMap((pattern) =>
    [...source.matchAll(pattern)].map((match) => match[1] as string),
  )
}

describe("no React below the UI", () => {
  const specifiersOf = (name: string) => {
    const files = sourceFiles(join(packagesDir, name, "src"))
    expect(files.length).toBeGreaterThan(0)
    return files.flatMap((file) =>
      importSpecifiers(readFileSync(file, "utf8")).map((specifier) => ({ file, specifier })),
    )
  }

  it.each(packages)("%s sources import nothing of React", (name) => {
    const reactish = /(^|\/)(p?react)(-dom)?(\/|$)/
    expect(specifiersOf(name).filter(({ specifier }) => reactish.test(specifier))).toEqual([])
  })

  it("store sources import only relative files, our packages and zustand's core", () => {
    const outside = specifiersOf("store")
      .filter(({ specifier }) => !specifier.startsWith(".") && !allowedBare.has(specifier))
      .map(({ file, specifier }) => `${file}: ${specifier}`)
    expect(outside).toEqual([])
  })

  it("uses zustand entry points that import nothing themselves", () => {
    for (const entry of ["vanilla.mjs", "middleware.mjs"]) {
      const source = readFileSync(join(rootDir, "node_modules/zustand/esm", entry), "utf8")
      expect(importSpecifiers(source)).toEqual([])
    }
  })

  const run = promisify(execFile)
  const load = (specifier: string) =>
    run(
      process.execPath,
      [
        "--conditions=@aichatkit/source",
        "--import",
        "tsx",
        "--import",
        join(here, "testdata/forbid-react.mjs"),
        "--input-type=module",
        "-e",
        `const loaded = await import(${JSON.stringify(specifier)}); console.log(Object.keys(loaded).length)`,
      ],
      { cwd: here },
    )

  it("loads types, network-adapter and store (and store/persist) in Node with React unresolvable", async () => {
    const entries = [...packages.map((name) => `${name}/src/index.ts`), "store/src/persistence.ts"]
    for (const entry of entries) {
      const { stdout } = await load(join(packagesDir, entry))
      expect(Number(stdout.trim())).toBeGreaterThan(0)
    }
  })

  it("would notice: importing React under the same hook fails", async () => {
    await expect(load("react")).rejects.toMatchObject({
      stderr: expect.stringContaining("forbidden import of react"),
    })
  })
})
