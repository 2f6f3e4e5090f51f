#!/usr/bin/env node
// Prints the size a user pays for the chat UI: @aichatkit/ui + store + types, bundled by
// esbuild, minified, gzip -9, with react and react-dom external and lazily loaded chunks
// (the syntax highlighter) left out — the C-bundle scenario of PERFORMANCE.md.
import { gzipSync } from "node:zlib"
import { build } from "esbuild"

const BUDGET_BYTES = 40 * 1024

const result = await build({
  stdin: {
    contents: 'export * from "@aichatkit/ui"',
    resolveDir: new URL("../packages/ui", import.meta.url).pathname,
    loader: "ts",
  },
  bundle: true,
  minify: true,
  format: "esm",
  splitting: true,
  outdir: "bundle-size-out",
  write: false,
  metafile: true,
  platform: "browser",
  conditions: ["@aichatkit/source"],
  external: ["react", "react-dom", "react/jsx-runtime", "react-dom/client"],
  loader: { ".css": "empty" },
  logLevel: "error",
})

// Walk the static imports from the entry: what loads before the chat can render.
const outputs = result.metafile.outputs
const entry = Object.keys(outputs).find((path) => outputs[path].entryPoint !== undefined)
const eager = new Set()
const visit = (path) => {
  if (eager.has(path) || !outputs[path]) return
  eager.add(path)
  for (const imported of outputs[path].imports) {
    if (imported.kind === "import-statement" && !imported.external) visit(imported.path)
  }
}
visit(entry)

const sizeOf = (paths) => {
  let raw = 0
  let gzip = 0
  for (const file of result.outputFiles) {
    const relative = file.path.slice(file.path.indexOf("bundle-size-out"))
    if (!paths.has(relative)) continue
    raw += file.contents.length
    gzip += gzipSync(file.contents, { level: 9 }).length
  }
  return { raw, gzip }
}
const lazy = new Set(
  Object.keys(outputs).filter((path) => !eager.has(path) && path.endsWith(".js")),
)
const eagerSize = sizeOf(eager)
const lazySize = sizeOf(lazy)
const kB = (bytes) => `${(bytes / 1024).toFixed(1)} kB`

console.log("bundle size of @aichatkit/ui + store + types (react external)")
console.log(
  `  loaded up front: ${kB(eagerSize.raw)} min, ${kB(eagerSize.gzip)} min+gz (budget ${kB(BUDGET_BYTES)})`,
)
console.log(
  `  loaded lazily:   ${kB(lazySize.raw)} min, ${kB(lazySize.gzip)} min+gz (${lazy.size} chunks)`,
)
if (eagerSize.gzip > BUDGET_BYTES) {
  console.log("  OVER BUDGET: see what grew with esbuild's metafile analysis.")
}
