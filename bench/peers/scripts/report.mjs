// Turns one run's measurements into results/results.json (everything measured),
// results/results.md (the table, the machine, the versions) and results/chart.svg.
// Run alone (`npm run report`) to redraw the table and the chart from results.json.
import { execFileSync } from "node:child_process"
import { readFileSync, writeFileSync } from "node:fs"
import { cpus, totalmem } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { peersRoot } from "./build.mjs"
import { renderChart } from "./chart.mjs"
import { libraries } from "./libraries.mjs"

const resultsDir = join(peersRoot, "results")

function versionOf(name) {
  const file = name.startsWith("@aichatkit/")
    ? join(peersRoot, "../../packages", name.slice("@aichatkit/".length), "package.json")
    : join(peersRoot, "node_modules", name, "package.json")
  return JSON.parse(readFileSync(file, "utf8")).version
}

function commit() {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: peersRoot })
      .toString()
      .trim()
  } catch {
    return "unknown"
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

/** Median, min and max of one figure over the runs that finished; null when none did. */
export function summarize(results, pick) {
  const done = results.filter((result) => result.finished)
  if (done.length === 0) return null
  const values = done.map(pick)
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) }
}

/** "222 ms (177–296)", the bracket in the median's unit. */
function range(summary) {
  const inSeconds = summary.median >= 1000
  const number = (value) => (inSeconds ? (value / 1000).toFixed(1) : String(Math.round(value)))
  return `${number(summary.median)} ${inSeconds ? "s" : "ms"} (${number(summary.min)}–${number(summary.max)})`
}
const count = (value) => Math.round(value).toLocaleString("en-US")

/** "did not finish" with how far the runs got, and the finished runs' figure if any. */
function unfinished(results, capMs, total) {
  const done = results.filter((result) => result.finished)
  const missed = results.filter((result) => !result.finished)
  const reached = missed.map((result) =>
    result.tokensDone == null ? "no answer" : `${count(result.tokensDone)} of ${count(total)}`,
  )
  let text = `did not finish in ${capMs / 1000} s (${reached.join(", ")})`
  if (done.length > 0) text += `; ${done.length} of ${results.length} runs finished`
  return text
}

function cells(library, measured, bundles, capMs) {
  const fast = measured["A-fast"] ?? []
  const paced = measured["A-paced"] ?? []
  const mount = measured["B-mount"] ?? []
  const fastTime = summarize(fast, (result) => result.elapsedMs)
  const fastFrames = summarize(fast, (result) => result.frames)
  const fastCell =
    fastTime && fast.every((result) => result.finished)
      ? `${range(fastTime)}, ${count(fastFrames.median)} frames`
      : unfinished(fast, capMs, 2000)
  const longTasks = summarize(paced, (result) => result.longTasks)
  const worst = summarize(paced, (result) => result.worstFrameGapMs)
  const pacedCell =
    longTasks && paced.every((result) => result.finished)
      ? `${count(longTasks.median)} / ${range(worst)}`
      : unfinished(paced, capMs, 600)
  const mountTime = summarize(mount, (result) => result.elapsedMs)
  const nodes = summarize(mount, (result) => result.domNodes)
  const mountCell =
    mountTime && mount.every((result) => result.finished)
      ? `${range(mountTime)} / ${count(nodes.median)}`
      : unfinished(mount, capMs, 0).replace(/ \(.*?\)/, "")
  const size = bundles[library.id]
  const bundleCell = size
    ? `${(size.upFrontGzipBytes / 1024).toFixed(1)} kB` +
      (size.lazyGzipBytes > 0 ? ` + ${(size.lazyGzipBytes / 1024).toFixed(1)} kB lazy` : "")
    : "–"
  return [fastCell, pacedCell, mountCell, bundleCell]
}

/** Writes results.json from a finished run, then the table and the chart from it. */
export async function writeResults(run) {
  const versions = Object.fromEntries(
    run.libraries.flatMap((library) => library.packages.map((name) => [name, versionOf(name)])),
  )
  const machine = {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? "unknown",
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    chromium: run.chromium,
    commit: commit(),
  }
  const json = { ...run, libraries: run.libraries.map((library) => library.id), machine, versions }
  writeFileSync(join(resultsDir, "results.json"), `${JSON.stringify(json, null, 2)}\n`)
  renderReport(JSON.parse(readFileSync(join(resultsDir, "results.json"), "utf8")))
}

function loadNote(measured) {
  const loads = Object.values(measured)
    .flatMap((byScenario) => Object.values(byScenario).flat())
    .map((result) => result.loadAverage)
    .filter((value) => typeof value === "number")
  if (loads.length === 0) return ""
  const low = Math.min(...loads).toFixed(1)
  const high = Math.max(...loads).toFixed(1)
  return ` The machine's 1-minute load average (other work on it included) was ${low}–${high} over the run.`
}

/** results.md and chart.svg from the contents of results.json. */
export function renderReport(json) {
  const { measured, bundles, capMs, machine, versions } = json
  const chosen = json.libraries.map((id) => libraries.find((library) => library.id === id))
  const startedAt = new Date(json.startedAt)
  const date = startedAt.toISOString().slice(0, 16).replace("T", " ")
  const minutes = ((new Date(json.finishedAt) - startedAt) / 60_000).toFixed(1)
  const lines = [
    `# Peer comparison: ${date} UTC`,
    "",
    `Headless Chromium ${machine.chromium} (software rendering), ${machine.cores} cores (${machine.cpu}), ` +
      `${machine.memoryGiB} GiB, Node ${machine.node}, aichatkit at ${machine.commit}. Median of ` +
      `${json.runs} runs on fresh pages (min–max in brackets), each scenario capped at ` +
      `${capMs / 1000} s; the whole run took ${minutes} min. The scenarios and each page's setup: ` +
      "bench/peers/README.md. Compare rows of one run: absolute figures " +
      `move 10–20 % between runs on a shared machine.${loadNote(measured)}`,
    "",
    "| library | A-fast: 2,000 tokens into a 1,000-message thread | A-paced: long tasks / worst frame | B-mount: 10,000 messages / DOM nodes | C-bundle (min + gzip) |",
    "|---|---|---|---|---|",
  ]
  for (const library of chosen) {
    const row = cells(library, measured[library.id], bundles, capMs)
    lines.push(`| ${library.name} | ${row.join(" | ")} |`)
  }
  const versionList = Object.entries(versions).map(([name, version]) => `${name} ${version}`)
  const markdown = chosen.filter((library) => library.markdown).map((library) => library.id)
  lines.push(
    "",
    `Versions: ${versionList.join(", ")}.`,
    "",
    `Markdown rendered by: ${markdown.join(", ")}; the others show the raw text. Main-thread busy ` +
      "time, frames and any page errors are in results.json.",
    "",
  )
  writeFileSync(join(resultsDir, "results.md"), lines.join("\n"))
  writeFileSync(join(resultsDir, "chart.svg"), renderChart(json))
  console.log(lines.join("\n"))
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  renderReport(JSON.parse(readFileSync(join(resultsDir, "results.json"), "utf8")))
}
