// Builds one page per library into dist/<id>/ (esbuild, production React, minified), and
// measures C-bundle: the library's page module bundled alone, minified, gzip -9, with react and
// react-dom external, split into what loads up front and what loads lazily.
// Run alone: `npm run build`; scripts/run.mjs calls it first.
import { mkdirSync, rmSync, writeFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { gzipSync } from "node:zlib"
import { build } from "esbuild"
import { libraries } from "./libraries.mjs"

const here = dirname(fileURLToPath(import.meta.url))
export const peersRoot = join(here, "..")
export const distDir = join(peersRoot, "dist")
const ownModules = join(peersRoot, "node_modules")

const common = {
  bundle: true,
  minify: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  jsx: "automatic",
  // aichatkit's packages resolve to their TypeScript sources in this checkout (no build first).
  conditions: ["@aichatkit/source"],
  // One React for every page: the aichatkit sources sit outside this folder and would
  // otherwise find the workspace's own copy.
  alias: {
    react: join(ownModules, "react"),
    "react-dom": join(ownModules, "react-dom"),
  },
  define: { "process.env.NODE_ENV": '"production"' },
  loader: { ".woff": "file", ".woff2": "file", ".ttf": "file", ".svg": "file", ".png": "file" },
  logLevel: "error",
  // Libraries mark their modules "use client"; in a plain bundle that directive is inert.
  logOverride: { "unsupported-directive": "silent" },
}

const pageStyle = `
html, body, #root { height: 100%; margin: 0; font: 15px/1.5 system-ui, sans-serif; }
#root { display: flex; flex-direction: column; }
.list { flex: 1; overflow-y: auto; }
.thread, .chat { display: flex; flex-direction: column; height: 100%; min-height: 0; }
.conversation { position: relative; flex: 1; overflow-y: hidden; }
.conversation-content { display: flex; flex-direction: column; gap: 2rem; padding: 1rem; }
.message { padding: 0.5rem 1rem; white-space: pre-wrap; }
.message.user { background: #f1f1f1; }
.composer { display: flex; gap: 0.5rem; padding: 0.5rem; border-top: 1px solid #ddd; }
.composer textarea { flex: 1; }
`

function pageHtml(id) {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <title>${id}: peer benchmark page</title>
    <style>${pageStyle}</style>
    <link rel="stylesheet" href="./main.css" />
  </head>
  <body>
    <div id="root"></div>
    <script type="module" src="./main.js"></script>
  </body>
</html>
`
}

async function buildPage(library) {
  const outdir = join(distDir, library.id)
  await build({
    ...common,
    stdin: {
      contents: `import { chat } from "./src/libraries/${library.source}"
import { install } from "./src/shared/harness.ts"
install(chat)`,
      resolveDir: peersRoot,
      loader: "ts",
      sourcefile: "main.ts",
    },
    outdir,
    entryNames: "main",
    splitting: true,
  })
  // Pages without a stylesheet still link main.css: an empty one keeps the page identical.
  writeFileSync(join(outdir, "main.css"), "", { flag: "a" })
  writeFileSync(join(outdir, "index.html"), pageHtml(library.id))
}

/** The library's JS for this use: its page module alone, react and react-dom external. */
export async function measureBundle(library) {
  const result = await build({
    ...common,
    alias: undefined,
    entryPoints: [join(peersRoot, "src/libraries", library.source)],
    outdir: join(peersRoot, "bundle-out"),
    splitting: true,
    write: false,
    metafile: true,
    external: ["react", "react-dom", "react/jsx-runtime", "react-dom/client"],
    loader: { ...common.loader, ".css": "empty" },
  })
  const outputs = result.metafile.outputs
  // Every dynamically imported module is an entry point of its own in the metafile: the page's
  // is the one built from the library's source.
  const source = `src/libraries/${library.source}`
  const entry = Object.keys(outputs).find((path) => outputs[path].entryPoint?.endsWith(source))
  if (entry === undefined) throw new Error(`No output of ${source} in the bundle's metafile.`)
  const eager = new Set()
  const visit = (path) => {
    if (eager.has(path) || !outputs[path]) return
    eager.add(path)
    for (const imported of outputs[path].imports) {
      if (imported.kind === "import-statement" && !imported.external) visit(imported.path)
    }
  }
  visit(entry)
  let upFront = 0
  let lazy = 0
  for (const file of result.outputFiles) {
    if (!file.path.endsWith(".js")) continue
    const relative = file.path.slice(file.path.indexOf("bundle-out"))
    const size = gzipSync(file.contents, { level: 9 }).length
    if (eager.has(relative)) upFront += size
    else lazy += size
  }
  return { upFrontGzipBytes: upFront, lazyGzipBytes: lazy }
}

export async function buildAll() {
  rmSync(distDir, { recursive: true, force: true })
  mkdirSync(distDir, { recursive: true })
  const bundles = {}
  for (const library of libraries) {
    await buildPage(library)
    if (library.bundle) bundles[library.id] = await measureBundle(library)
  }
  return bundles
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const bundles = await buildAll()
  for (const [id, size] of Object.entries(bundles)) {
    const kB = (bytes) => `${(bytes / 1024).toFixed(1)} kB`
    console.log(
      `${id.padEnd(14)} up front ${kB(size.upFrontGzipBytes)} gz, lazy ${kB(size.lazyGzipBytes)} gz`,
    )
  }
  console.log(`pages in ${distDir}`)
}
