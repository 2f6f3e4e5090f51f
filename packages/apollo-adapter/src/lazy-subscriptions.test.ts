/**
 * graphql-ws and graphql-sse load only when a subscription uses them: an app bundling the
 * adapter for HTTP alone does not ship them up front (they are ~6 kB min+gz together).
 */
import { fileURLToPath } from "node:url"
import { build, type Metafile } from "esbuild"
import { describe, expect, it } from "vitest"

const entry = fileURLToPath(new URL("./index.ts", import.meta.url))

/** The adapter bundled as an app would, peers external; the inputs of each output chunk. */
async function bundle(): Promise<Metafile> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: "esm",
    splitting: true,
    outdir: "lazy-subscriptions-out",
    write: false,
    metafile: true,
    platform: "browser",
    conditions: ["@aichatkit/source"],
    external: ["@apollo/client", "graphql", "rxjs"],
    logLevel: "error",
  })
  return result.metafile
}

/** The outputs loaded before the adapter runs: the entry and what it imports statically. */
function eagerOutputs(metafile: Metafile): string[] {
  const eager = new Set<string>()
  const visit = (path: string) => {
    const output = metafile.outputs[path]
    if (eager.has(path) || output === undefined) return
    eager.add(path)
    for (const imported of output.imports) {
      if (imported.kind === "import-statement" && !imported.external) visit(imported.path)
    }
  }
  // Chunks of a dynamic import() have an entryPoint too: start from the adapter's own.
  for (const [path, output] of Object.entries(metafile.outputs)) {
    if (output.entryPoint?.endsWith("src/index.ts")) visit(path)
  }
  return [...eager]
}

const fromPackage = (metafile: Metafile, outputs: string[], name: string) =>
  outputs.some((path) =>
    Object.keys(metafile.outputs[path]?.inputs ?? {}).some((input) =>
      input.includes(`node_modules/${name}/`),
    ),
  )

describe("the subscription libraries", () => {
  it("are in lazily loaded chunks, not in what the entry loads up front", async () => {
    const metafile = await bundle()
    const eager = eagerOutputs(metafile)
    const lazy = Object.keys(metafile.outputs).filter((path) => !eager.includes(path))
    for (const name of ["graphql-ws", "graphql-sse"]) {
      expect(fromPackage(metafile, eager, name), `${name} loaded up front`).toBe(false)
      expect(fromPackage(metafile, lazy, name), `${name} in no lazy chunk`).toBe(true)
    }
  }, 30_000)
})
