#!/usr/bin/env node
// prepack / postpack of every published package (run in the package's directory).
//
// Inside the workspace each `exports` entry lists an `@aichatkit/source` condition pointing at
// `src/*.ts`, so tests, Vite and tsc run on the sources without a build. The tarball ships
// `dist` only, so that condition would point at files that are not there: `strip` (prepack)
// writes package.json without it and keeps the original beside it; `restore` (postpack) puts
// the original back. A pack that dies between the two leaves the backup: `strip` refuses to
// run over it, and `restore` run by hand puts things right.
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs"

const SOURCE_CONDITION = "@aichatkit/source"
const manifestPath = "package.json"
const backupPath = "package.json.before-pack"

/** The `exports` map without the workspace-only condition, at any depth. */
function withoutSourceCondition(exportsField) {
  if (typeof exportsField !== "object" || exportsField === null) return exportsField
  if (Array.isArray(exportsField)) return exportsField.map(withoutSourceCondition)
  const result = {}
  for (const [key, value] of Object.entries(exportsField)) {
    if (key !== SOURCE_CONDITION) result[key] = withoutSourceCondition(value)
  }
  return result
}

function strip() {
  if (existsSync(backupPath)) {
    throw new Error(
      `pack-manifest: ${backupPath} exists, left by a pack that did not finish; run "node ../../scripts/pack-manifest.mjs restore" first`,
    )
  }
  const text = readFileSync(manifestPath, "utf8")
  const manifest = JSON.parse(text)
  manifest.exports = withoutSourceCondition(manifest.exports)
  writeFileSync(backupPath, text)
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`)
}

function restore() {
  if (existsSync(backupPath)) renameSync(backupPath, manifestPath)
}

const command = process.argv[2]
if (command === "strip") strip()
else if (command === "restore") restore()
else if (command !== undefined) {
  console.error("usage: pack-manifest.mjs strip|restore")
  process.exit(2)
}
