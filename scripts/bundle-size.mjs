#!/usr/bin/env node
// The C-bundle scenario of PERFORMANCE.md: what a page pays for the chat, bundled by esbuild,
// minified, gzip -9, react and react-dom external, split into what loads up front (the static
// imports from the entry) and what loads lazily (chunks of a dynamic import()).
//
// The use measured is a page's, not `export *`: `<ChatView>` with `createChatController`
// (ui + store + types); each adapter's own code is what adding it to that page costs up
// front. Exits non-zero when a figure is over its budget, so the test run fails.
import { gzipSync } from "node:zlib"
import { build } from "esbuild"

const KILOBYTE = 1024
const REACT = ["react", "react-dom", "react/jsx-runtime", "react-dom/client"]
const VIEW = `import { ChatView } from "@aichatkit/ui"
import { createChatController } from "@aichatkit/store"
globalThis.use = [ChatView, createChatController]`

/** Bundles a page module; its up-front and lazy sizes (min, min+gz) and the inputs up front. */
async function measure(page, external = REACT) {
  const result = await build({
    stdin: {
      contents: page,
      resolveDir: new URL("../packages/ui", import.meta.url).pathname,
      loader: "tsx",
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
    // A production build, as a page ships it: development-only checks drop out.
    define: { "process.env.NODE_ENV": '"production"' },
    loader: { ".css": "empty" },
    logLevel: "error",
  })
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

  const size = { eager: { raw: 0, gzip: 0 }, lazy: { raw: 0, gzip: 0 }, lazyChunks: 0 }
  for (const file of result.outputFiles) {
    const relative = file.path.slice(file.path.indexOf("bundle-size-out"))
    if (!relative.endsWith(".js")) continue
    const part = eager.has(relative) ? size.eager : size.lazy
    if (part === size.lazy) size.lazyChunks += 1
    part.raw += file.contents.length
    part.gzip += gzipSync(file.contents, { level: 9 }).length
  }
  // Minified bytes of each source file loaded up front, to say what a figure is made of.
  const eagerInputs = new Map()
  for (const path of eager) {
    for (const [input, { bytesInOutput }] of Object.entries(outputs[path].inputs)) {
      eagerInputs.set(input, (eagerInputs.get(input) ?? 0) + bytesInOutput)
    }
  }
  return { ...size, eagerInputs }
}

const kB = (bytes) => `${(bytes / KILOBYTE).toFixed(1)} kB`
const over = []

const LARGEST_SHOWN = 8

/** The largest source files of `inputs` (minified bytes, before gzip), beyond those in `base`. */
function printLargest(inputs, base = new Map()) {
  const grown = [...inputs]
    .map(([input, bytes]) => [input, bytes - (base.get(input) ?? 0)])
    .filter(([, bytes]) => bytes > 0)
    .sort((first, second) => second[1] - first[1])
  for (const [input, bytes] of grown.slice(0, LARGEST_SHOWN)) {
    console.log(`      ${kB(bytes).padStart(8)} min  ${input.replace(/^(\.\.\/)+/, "")}`)
  }
}

/**
 * One line per figure; a budget in kB makes it count toward the exit code, and a figure over
 * it lists its largest files (`inputs` beyond `base`).
 */
function report(label, raw, gzip, budgetKilobytes, inputs, base) {
  const budget = budgetKilobytes === undefined ? undefined : budgetKilobytes * KILOBYTE
  const verdict =
    budget === undefined
      ? ""
      : gzip > budget
        ? `  OVER budget ${kB(budget)}`
        : `  (budget ${kB(budget)})`
  console.log(
    `  ${label.padEnd(30)} ${kB(raw).padStart(9)} min  ${kB(gzip).padStart(8)} min+gz${verdict}`,
  )
  if (budget !== undefined && gzip > budget) {
    over.push(`${label}: ${kB(gzip)} > ${kB(budget)}`)
    if (inputs) printLargest(inputs, base)
  }
}

const view = await measure(VIEW)
console.log("<ChatView> + createChatController: @aichatkit/ui + store + types (react external)")
report("up front", view.eager.raw, view.eager.gzip, 35, view.eagerInputs)
report(`lazy (${view.lazyChunks} chunks)`, view.lazy.raw, view.lazy.gzip)

/** An adapter's own code: what the page with it loads up front beyond the page without it. */
async function adapterShare(label, importLine, name, budgetKilobytes, external = REACT) {
  const page = `${VIEW}\n${importLine}\nglobalThis.adapter = ${name}`
  const withAdapter = await measure(page, [...REACT, ...external])
  const base = external === REACT ? view : await measure(VIEW, [...REACT, ...external])
  report(
    `${label} own code up front`,
    withAdapter.eager.raw - base.eager.raw,
    withAdapter.eager.gzip - base.eager.gzip,
    budgetKilobytes,
    withAdapter.eagerInputs,
    base.eagerInputs,
  )
  report(
    `${label} own code lazy`,
    withAdapter.lazy.raw - base.lazy.raw,
    withAdapter.lazy.gzip - base.lazy.gzip,
  )
}

console.log("each adapter's own code over <ChatView> (gzip of the page with it minus without it)")
await adapterShare("SSE", 'import { SSEAdapter } from "@aichatkit/sse-adapter"', "SSEAdapter", 8)
await adapterShare(
  "HAIP",
  'import { HAIPAdapter } from "@aichatkit/haip-adapter"',
  "HAIPAdapter",
  12,
)
await adapterShare(
  "Apollo (peers external)",
  'import { ApolloAdapter } from "@aichatkit/apollo-adapter"',
  "ApolloAdapter",
  undefined,
  ["@apollo/client", "graphql", "rxjs"],
)

// Devtools is an app's optional inspector: its own size, and never part of the view's bundle.
console.log("@aichatkit/devtools (imported lazily by the app)")
const devtools = await measure('export { ChatDevtools } from "@aichatkit/devtools"')
report("ChatDevtools alone", devtools.eager.raw, devtools.eager.gzip)
const devtoolsInView = [...view.eagerInputs.keys()].filter((input) =>
  input.includes("packages/devtools/"),
)
if (devtoolsInView.length > 0) over.push(`devtools in the <ChatView> bundle: ${devtoolsInView[0]}`)

if (over.length > 0) {
  console.log(
    `\nOVER BUDGET (the largest files of each are listed under it):\n  ${over.join("\n  ")}`,
  )
  process.exit(1)
}
