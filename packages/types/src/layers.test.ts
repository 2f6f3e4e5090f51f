/**
 * The package layers of docs/ARCHITECTURE.md, enforced: every import of every package's
 * sources is read and checked against the table in that page (so the page and the check
 * cannot drift apart). It lives in the lowest package so that `npm test` runs it first.
 *
 * - Shipped code (not tests, stories, `testdata/`, benchmarks) may import only the
 *   `@aichatkit/*` packages its row names; "(types only)" allows `import type` alone; React
 *   only where the row names `react`.
 * - Tests, stories and test support may import any package their package.json declares.
 * - No relative import leaves its package.
 */
import { readdirSync, readFileSync } from "node:fs"
import { dirname, join, relative, resolve, sep } from "node:path"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..")

interface Layer {
  /** The `@aichatkit/*` packages (and `react`) shipped code may import. */
  allowed: Set<string>
  /** Of those, the ones it may import only with `import type`. */
  typesOnly: Set<string>
}

/** The rows of the table between `<!-- layers -->` and `<!-- /layers -->`. */
function readLayers(markdown: string): Map<string, Layer> {
  const start = markdown.indexOf("<!-- layers -->")
  const end = markdown.indexOf("<!-- /layers -->")
  if (start < 0 || end < start) throw new Error("docs/ARCHITECTURE.md has no layers table")
  const layers = new Map<string, Layer>()
  for (const line of markdown.slice(start, end).split("\n")) {
    const cells = line.split("|").map((cell) => cell.trim())
    const name = /^`([^`]+)`$/.exec(cells[1] ?? "")?.[1]
    if (name === undefined || cells.length < 4) continue
    const layer: Layer = { allowed: new Set(), typesOnly: new Set() }
    for (const match of (cells[2] ?? "").matchAll(/`([^`]+)`( \(types only\))?/g)) {
      const allowed = match[1] as string
      layer.allowed.add(allowed)
      if (match[2] !== undefined) layer.typesOnly.add(allowed)
    }
    layers.set(name, layer)
  }
  return layers
}

interface ImportStatement {
  specifier: string
  typeOnly: boolean
}

/**
 * The static and dynamic imports of a module. Template literals and comments are removed
 * first, so code shown inside a string (a story's snippet) is not taken for an import.
 */
function importsOf(source: string): ImportStatement[] {
  const code = source
    .replace(/`(?:\\[\s\S]|[^\\`])*`/g, "``")
    .replace(/^\s*\/\*[\s\S]*?\*\//gm, "")
    .replace(/^\s*\/\/.*$/gm, "")
  const found: Array<ImportStatement & { at: number }> = []
  const statements = [
    /^\s*import\s+(type\s+)?([^;'"]*?)\s*from\s*["']([^"']+)["']/gm,
    /^\s*export\s+(type\s+)?(\*[^;'"]*?|\{[^}]*\})\s*from\s*["']([^"']+)["']/gm,
  ]
  for (const statement of statements) {
    for (const match of code.matchAll(statement)) {
      const names = /^\{([^}]*)\}$/.exec((match[2] ?? "").trim())?.[1]?.split(",")
      const listed = names?.map((name) => name.trim()).filter(Boolean) ?? []
      const everyNameIsType = listed.length > 0 && listed.every((name) => name.startsWith("type "))
      found.push({
        specifier: match[3] as string,
        typeOnly: match[1] !== undefined || everyNameIsType,
        at: match.index,
      })
    }
  }
  for (const match of code.matchAll(/^\s*import\s*["']([^"']+)["']/gm)) {
    found.push({ specifier: match[1] as string, typeOnly: false, at: match.index })
  }
  for (const match of code.matchAll(/\bimport\s*\(\s*["']([^"']+)["']\s*\)/g)) {
    found.push({ specifier: match[1] as string, typeOnly: false, at: match.index })
  }
  return found
    .sort((left, right) => left.at - right.at)
    .map(({ specifier, typeOnly }) => ({ specifier, typeOnly }))
}

/** `@aichatkit/store/testing` → `@aichatkit/store`; `react-dom/client` → `react-dom`. */
function packageOf(specifier: string): string {
  const parts = specifier.split("/")
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] as string)
}

function isSupportFile(path: string): boolean {
  return (
    /\.(test|stories|bench)\.tsx?$/.test(path) ||
    path.split(sep).some((part) => part === "testdata" || part === "e2e" || part === "bench")
  )
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === "node_modules" || entry.name === "dist") return []
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return /\.(ts|tsx|mts|mjs)$/.test(entry.name) && !entry.name.endsWith(".d.ts") ? [path] : []
  })
}

interface Workspace {
  name: string
  dir: string
  declared: Set<string>
}

function workspaces(): Workspace[] {
  return ["packages", "apps"].flatMap((group) =>
    readdirSync(join(root, group), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => join(root, group, entry.name))
      .filter((dir) => readdirSync(dir).includes("package.json"))
      .map((dir) => {
        const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"))
        const declared = new Set<string>([
          manifest.name,
          ...Object.keys(manifest.dependencies ?? {}),
          ...Object.keys(manifest.peerDependencies ?? {}),
          ...Object.keys(manifest.devDependencies ?? {}),
        ])
        return { name: manifest.name as string, dir, declared }
      }),
  )
}

const isReact = (name: string) => name === "react" || name === "react-dom"

/** Every import of a workspace that the table or its package.json does not allow. */
function violations(workspace: Workspace, layer: Layer): string[] {
  const problems: string[] = []
  for (const file of sourceFiles(join(workspace.dir, "src"))) {
    const where = relative(root, file)
    const support = isSupportFile(relative(workspace.dir, file))
    for (const { specifier, typeOnly } of importsOf(readFileSync(file, "utf8"))) {
      if (specifier.startsWith(".")) {
        const target = resolve(dirname(file), specifier)
        // Tests may use the repository's own tools in scripts/ (never shipped, like the tests).
        const repositoryTool = support && !relative(join(root, "scripts"), target).startsWith("..")
        if (relative(workspace.dir, target).startsWith("..") && !repositoryTool) {
          problems.push(`${where}: "${specifier}" reaches out of ${workspace.name}`)
        }
        continue
      }
      const name = packageOf(specifier)
      if (name === workspace.name) continue
      const ours = name.startsWith("@aichatkit/")
      if (support) {
        if (ours && !workspace.declared.has(name)) {
          problems.push(`${where}: "${specifier}" is not in ${workspace.name}'s package.json`)
        }
        continue
      }
      if (!ours && !isReact(name)) continue
      const allowedName = isReact(name) ? "react" : name
      if (!layer.allowed.has(allowedName)) {
        problems.push(`${where}: ${workspace.name} may not import "${specifier}"`)
      } else if (layer.typesOnly.has(allowedName) && !typeOnly) {
        problems.push(`${where}: ${workspace.name} may import only types from "${specifier}"`)
      }
    }
  }
  return problems
}

describe("package layers (docs/ARCHITECTURE.md)", () => {
  const layers = readLayers(readFileSync(join(root, "docs/ARCHITECTURE.md"), "utf8"))

  it("has a row for every workspace", () => {
    expect(
      workspaces()
        .map((workspace) => workspace.name)
        .sort(),
    ).toEqual([...layers.keys()].sort())
  })

  it.each(workspaces().map((workspace) => [workspace.name, workspace] as const))(
    "%s imports only what its layer allows",
    (_name, workspace) => {
      const layer = layers.get(workspace.name)
      expect(layer, `${workspace.name} has no row in docs/ARCHITECTURE.md`).toBeDefined()
      expect(violations(workspace, layer as Layer)).toEqual([])
    },
  )

  it("reads imports as the check needs them", () => {
    expect(
      importsOf(
        [
          'import type { A } from "@aichatkit/a"',
          'import { type B, type C } from "@aichatkit/b"',
          'import { type D, E } from "@aichatkit/c"',
          'export { F } from "@aichatkit/d"',
          'import "@aichatkit/e/styles.css"',
          'const snippet = `import { G } from "@aichatkit/f"`',
          '// import { H } from "@aichatkit/g"',
          'const lazy = () => import("@aichatkit/types")',
        ].join("\n"),
      ),
    ).toEqual([
      { specifier: "@aichatkit/a", typeOnly: true },
      { specifier: "@aichatkit/b", typeOnly: true },
      { specifier: "@aichatkit/c", typeOnly: false },
      { specifier: "@aichatkit/d", typeOnly: false },
      { specifier: "@aichatkit/e/styles.css", typeOnly: false },
      { specifier: "@aichatkit/types", typeOnly: false },
    ])
  })

  it("reports an import against the layers", () => {
    const typesAlone: Layer = { allowed: new Set(["@aichatkit/types"]), typesOnly: new Set() }
    const problems = violations(
      { name: "@aichatkit/store", dir: join(root, "packages/store"), declared: new Set() },
      typesAlone,
    )
    // store imports network-adapter, which this made-up row does not allow.
    expect(
      problems.some((problem) => problem.includes('may not import "@aichatkit/network-adapter"')),
    ).toBe(true)
  })
})
