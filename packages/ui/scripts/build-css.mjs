#!/usr/bin/env node
// Writes dist/styles.css: src/styles.css with its relative `@import "./x.css";` lines
// replaced by the imported files (recursively), so users load one stylesheet; and
// dist/styles.css.d.ts, the `types` of the "./styles.css" export, so
// `import "@aichatkit/ui/styles.css"` type-checks in a project without a bundler's ambient
// `*.css` declarations (TypeScript checks side-effect imports with noUncheckedSideEffectImports).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { dirname, join, relative, resolve } from "node:path"
import { fileURLToPath } from "node:url"

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..")
const importLine = /^@import\s+["'](\.{1,2}\/[^"']+\.css)["'];?\s*$/gm

function inline(file, seen = new Set()) {
  if (seen.has(file))
    throw new Error(`build-css: ${relative(root, file)} imports itself in a cycle`)
  seen.add(file)
  const css = readFileSync(file, "utf8")
  return css.replace(importLine, (_line, path) => {
    const target = resolve(dirname(file), path)
    return `/* ${relative(root, target)} */\n${inline(target, new Set(seen)).trim()}\n`
  })
}

const output = join(root, "dist", "styles.css")
mkdirSync(dirname(output), { recursive: true })
writeFileSync(output, inline(join(root, "src", "styles.css")))
writeFileSync(
  join(root, "dist", "styles.css.d.ts"),
  "// The stylesheet exports nothing: importing it only loads the CSS.\nexport {}\n",
)
console.log(`build-css: wrote ${relative(root, output)} and its styles.css.d.ts`)
