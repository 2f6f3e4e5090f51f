// The consumer test's packing step: `npm pack` of one package (its prepack/postpack run, as
// for `npm publish`), then checks of what the tarball holds.
import { spawnSync } from "node:child_process"
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const here = dirname(fileURLToPath(import.meta.url))

/** Every path a manifest points at: exports (any depth), main, types, typesVersions, bin. */
function manifestTargets(manifest) {
  const targets = []
  const walk = (value) => {
    if (typeof value === "string") targets.push(value)
    else if (Array.isArray(value)) value.forEach(walk)
    else if (typeof value === "object" && value !== null) Object.values(value).forEach(walk)
  }
  walk(manifest.exports)
  walk([manifest.main, manifest.types, manifest.bin].filter(Boolean))
  for (const mapping of Object.values(manifest.typesVersions ?? {})) walk(mapping)
  return targets.map((target) => target.replace(/^\.\//, ""))
}

function filesUnder(directory, prefix = "") {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? filesUnder(join(directory, entry.name), `${prefix}${entry.name}/`)
      : [`${prefix}${entry.name}`],
  )
}

function checkUnpacked(name, unpacked) {
  const files = new Set(filesUnder(unpacked))
  const problems = []
  for (const required of ["LICENSE", "README.md", "package.json"]) {
    if (!files.has(required)) problems.push(`no ${required}`)
  }
  const manifest = JSON.parse(readFileSync(join(unpacked, "package.json"), "utf8"))
  if (JSON.stringify(manifest.exports).includes("@aichatkit/source")) {
    problems.push("its exports still have the workspace-only @aichatkit/source condition")
  }
  const metadata = [
    "main",
    "types",
    "license",
    "repository",
    "homepage",
    "bugs",
    "keywords",
    "engines",
  ]
  const missing = metadata.filter((field) => manifest[field] === undefined)
  if (missing.length > 0) problems.push(`package.json has no ${missing.join(", ")}`)
  for (const target of manifestTargets(manifest)) {
    if (!files.has(target)) problems.push(`package.json points at ${target}, which is not in it`)
  }
  const mapsWithoutSources = [...files].filter((file) => {
    if (!file.endsWith(".map")) return false
    const map = JSON.parse(readFileSync(join(unpacked, file), "utf8"))
    return map.sources.length !== map.sourcesContent?.length
  })
  if (mapsWithoutSources.length > 0) {
    problems.push(
      `${mapsWithoutSources.length} source maps (${mapsWithoutSources[0]}, …) point at sources not in the tarball (no sourcesContent)`,
    )
  }
  return problems.map((problem) => `${name}: ${problem}`)
}

/**
 * Packs the package in `directory` into `destination`: its name, tarball file name and what is
 * wrong with the tarball's contents (an empty list when nothing is).
 */
export function packAndCheck(directory, destination) {
  // `npm publish --dry-run` reports what publishing would correct or drop (an invalid bin, for
  // one), which `npm pack` does not; not being logged in is no problem of the package.
  const publish = spawnSync("npm", ["publish", "--dry-run", "--offline"], {
    cwd: directory,
    encoding: "utf8",
  })
  const warnings = publish.stderr
    .split("\n")
    .filter((line) => line.startsWith("npm warn") && !line.includes("requires you to be logged in"))
  if (publish.status !== 0) warnings.push(`npm publish --dry-run failed: ${publish.stderr}`)
  const pack = spawnSync("npm", ["pack", "--json", "--pack-destination", destination], {
    cwd: directory,
    encoding: "utf8",
  })
  if (pack.status !== 0) {
    // A pack that failed after prepack did not run postpack: put package.json back.
    spawnSync("node", [join(here, "pack-manifest.mjs"), "restore"], { cwd: directory })
    throw new Error(`npm pack in ${directory} failed:\n${pack.stderr}`)
  }
  const [result] = JSON.parse(pack.stdout.slice(pack.stdout.indexOf("[")))
  const unpacked = join(destination, result.name.replace("/", "-"))
  mkdirSync(unpacked, { recursive: true })
  const untar = spawnSync("tar", [
    "-xzf",
    join(destination, result.filename),
    "-C",
    unpacked,
    "--strip-components=1",
  ])
  if (untar.status !== 0 || !existsSync(join(unpacked, "package.json"))) {
    throw new Error(`could not unpack ${result.filename}: ${untar.stderr}`)
  }
  const problems = [
    ...warnings.map((warning) => `${result.name}: ${warning}`),
    ...checkUnpacked(result.name, unpacked),
  ]
  return { name: result.name, filename: result.filename, problems }
}
