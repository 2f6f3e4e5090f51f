#!/usr/bin/env node
// Prints the size a user pays for the chat UI: @aichatkit/ui + store + types, bundled by
// esbuild, minified, gzip -9, with react and react-dom external and lazily loaded chunks
// (the syntax highlighter) left out — the C-bundle scenario of PERFORMANCE.md. Also prints
// @aichatkit/apollo-adapter's own share with its peers (@apollo/client, graphql, rxjs)
// external: what HTTP-only use loads, the subscription libraries being lazy.
import { gzipSync } from "node:zlib"
import { build } from "esbuild"

const BUDGET_BYTES = 40 * 1024

/** Bundles `export * from packageName`; the up-front and lazy sizes, min and min+gz. */
async function measure(packageName, external) {
  const directory = packageName.replace("@aichatkit/", "")
  const result = await build({
    stdin: {
      contents: `export * from "${packageName}"`,
      resolveDir: new URL(`../packages/${directory}`, import.meta.url).pathname,
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
    external,
    loader: { ".css": "empty" },
    logLevel: "error",
  })

  // Walk the static imports from the entry: what loads before the code can run. The chunks
  // of a dynamic import() have an entryPoint too; the stdin entry is the one named <stdin>.
  const outputs = result.metafile.outputs
  const entry = Object.keys(outputs).find((path) => outputs[path].entryPoint === "<stdin>")
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
  return { eager: sizeOf(eager), lazy: sizeOf(lazy), lazyChunks: lazy.size }
}

const kB = (bytes) => `${(bytes / 1024).toFixed(1)} kB`
const print = (size, budget) => {
  const budgetNote = budget === undefined ? "" : ` (budget ${kB(budget)})`
  console.log(
    `  loaded up front: ${kB(size.eager.raw)} min, ${kB(size.eager.gzip)} min+gz${budgetNote}`,
  )
  console.log(
    `  loaded lazily:   ${kB(size.lazy.raw)} min, ${kB(size.lazy.gzip)} min+gz (${size.lazyChunks} chunks)`,
  )
}

const ui = await measure("@aichatkit/ui", [
  "react",
  "react-dom",
  "react/jsx-runtime",
  "react-dom/client",
])
console.log("bundle size of @aichatkit/ui + store + types (react external)")
print(ui, BUDGET_BYTES)
if (ui.eager.gzip > BUDGET_BYTES) {
  console.log("  OVER BUDGET: see what grew with esbuild's metafile analysis.")
}

const apollo = await measure("@aichatkit/apollo-adapter", ["@apollo/client", "graphql", "rxjs"])
console.log("bundle size of @aichatkit/apollo-adapter (@apollo/client, graphql, rxjs external)")
print(apollo)
