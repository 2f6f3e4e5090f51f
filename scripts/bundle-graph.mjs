/**
 * What a page loads before it runs, read from an esbuild metafile: the entry's output and every
 * output it imports statically (a dynamic import()'s chunk loads later). The bundle-size script
 * measures with it; the packages' lazy-loading tests check with it that code stays out.
 */
import { build } from "esbuild"

/** The output paths of `metafile` that load up front from the `<stdin>` entry. */
export function eagerOutputs(metafile) {
  const outputs = metafile.outputs
  const entry = Object.keys(outputs).find((path) => outputs[path]?.entryPoint === "<stdin>")
  const eager = new Set()
  const visit = (path) => {
    if (path === undefined || eager.has(path) || !outputs[path]) return
    eager.add(path)
    for (const imported of outputs[path].imports) {
      if (imported.kind === "import-statement" && !imported.external) visit(imported.path)
    }
  }
  visit(entry)
  return eager
}

/**
 * The source files (paths relative to the working directory) that a bundle of the module
 * `contents`, resolved from `resolveDir` with the source condition, loads up front.
 */
export async function loadedUpFront(contents, resolveDir) {
  const result = await build({
    stdin: { contents, resolveDir, loader: "ts" },
    bundle: true,
    format: "esm",
    splitting: true,
    outdir: "bundle-graph-out",
    write: false,
    metafile: true,
    platform: "browser",
    conditions: ["@aichatkit/source"],
    logLevel: "error",
  })
  return [...eagerOutputs(result.metafile)].flatMap((path) =>
    Object.keys(result.metafile.outputs[path]?.inputs ?? {}),
  )
}
