import { build } from "esbuild"
import { describe, expect, it } from "vitest"

/** The source files a bundle of `contents` loads before it runs (its static imports). */
async function loadedUpFront(contents: string): Promise<string[]> {
  const result = await build({
    stdin: { contents, resolveDir: new URL(".", import.meta.url).pathname, loader: "ts" },
    bundle: true,
    format: "esm",
    splitting: true,
    outdir: "lazy-code-out",
    write: false,
    metafile: true,
    platform: "browser",
    conditions: ["@aichatkit/source"],
    logLevel: "error",
  })
  const outputs = result.metafile.outputs
  const entry = Object.keys(outputs).find((path) => outputs[path]?.entryPoint === "<stdin>")
  const eager = new Set<string>()
  const visit = (path: string | undefined) => {
    const output = path === undefined ? undefined : outputs[path]
    if (path === undefined || output === undefined || eager.has(path)) return
    eager.add(path)
    for (const imported of output.imports) {
      if (imported.kind === "import-statement" && !imported.external) visit(imported.path)
    }
  }
  visit(entry)
  return [...eager].flatMap((path) => Object.keys(outputs[path]?.inputs ?? {}))
}

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
