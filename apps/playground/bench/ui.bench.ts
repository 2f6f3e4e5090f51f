/**
 * The UI benchmark of PERFORMANCE.md, in headless Chromium on a production build, for the
 * whole `<ChatView controller>` (header, status, list, composer: what a user renders) and, beside
 * it, the `MessageList` alone (the figures this benchmark printed before):
 *   A-fast   a 1,000-message thread, then 2,000 tokens as fast as the adapter delivers them
 *   A-paced  600 tokens at 200 tokens/s: long tasks and the worst gap between frames
 *   B-mount  10,000 messages into an empty page: time to paint and DOM nodes
 * plus the plain-DOM floor of A-fast in the same run, to quote a ratio (and, beside it, that floor
 * following the bottom as the reply grows), the token feed alone (the
 * instrument's own cost, which no page can go under), and React commits per frame while
 * streaming. `--load` keeps every core busy with a busy-looping child process for
 * the whole run (the "under load" figures). Every token goes through the adapter's wire tap
 * (nobody observing, as in an app without the devtools); `--no-tap` skips that call, as adapters
 * were before the tap; `--devtools` mounts `<ChatDevtools>` open beside the chat, observing the
 * adapter and the store (the commits counted stay the chat's own); `--profile [directory]` takes
 * a CPU profile of each A-fast timed window (a profiled run is slower: compare its figures only
 * with other profiled runs) and prints where the time goes; `--trace [directory]` records a
 * Chromium trace of each A-fast timed window and prints its main thread task by task (see
 * trace.ts; not with `--profile`); `--a-fast` measures only the floor,
 * the feed alone and A-fast (many runs in little time). Prints figures beside the targets;
 * asserts nothing.
 * Run: `npm run bench -w @aichatkit/playground` (add `-- --load` for the loaded run).
 * `bench/compare.sh <ref>` runs this and the benchmark of another commit in turn (see there).
 */
import { type ChildProcess, spawn } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { availableParallelism, tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import type { Page } from "playwright-core"
import { build, defaultClientConditions, preview } from "vite"
import { launchChromium } from "../e2e/harness.js"
import { printProfileSummary, profileTimedWindow } from "./cpu-profile.js"
import type { BenchApi, BenchView } from "./page.js"
import { traceTimedWindow } from "./trace.js"

declare global {
  interface Window {
    bench: BenchApi
  }
}

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
const runs = Number(process.env.BENCH_RUNS ?? 3)
const underLoad = process.argv.includes("--load")
const withDevtools = process.argv.includes("--devtools")
const tapped = !process.argv.includes("--no-tap")
/** `--a-fast`: only the floor, the feed and A-fast, so many runs fit in a few minutes. */
const aFastOnly = process.argv.includes("--a-fast")
/** The directory after `flag` (`--profile <directory>`), a new temporary one without, or none. */
function directoryOption(flag: string): string | undefined {
  const index = process.argv.indexOf(flag)
  if (index < 0) return undefined
  const argument = process.argv[index + 1]
  if (argument && !argument.startsWith("--")) return argument
  return mkdtempSync(join(tmpdir(), `aichatkit${flag.slice(1)}-`))
}
/** Where `--profile` writes A-fast's CPU profiles, and `--trace` its Chromium traces. */
const profileDirectory = directoryOption("--profile")
const traceDirectory = directoryOption("--trace")
const views: BenchView[] = ["chatview", "list"]

/** One busy-looping process per core, so the page competes for the CPU as on a busy laptop. */
function startLoad(): ChildProcess[] {
  const loaders = Array.from({ length: availableParallelism() }, () =>
    spawn(process.execPath, ["-e", "for (;;) {}"], { stdio: "ignore" }),
  )
  process.on("exit", () => {
    for (const loader of loaders) loader.kill()
  })
  return loaders
}

async function taskDurationMs(page: Page, action: () => Promise<unknown>): Promise<number> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send("Performance.enable")
  const read = async () => {
    const { metrics } = await cdp.send("Performance.getMetrics")
    return metrics.find((metric) => metric.name === "TaskDuration")?.value ?? 0
  }
  const before = await read()
  await action()
  const after = await read()
  await cdp.detach()
  return (after - before) * 1000
}

const median = (values: number[] = []) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN
}

const outDir = mkdtempSync(join(tmpdir(), "aichatkit-bench-"))
await build({
  root,
  configFile: join(root, "vite.config.ts"),
  logLevel: "error",
  mode: "production",
  resolve: {
    conditions: ["@aichatkit/source", ...defaultClientConditions],
    // React's production build, as users run it: commits are counted through the DevTools hook
    // that bench.html installs (React's profiling build, which <Profiler> needs, is slower).
  },
  build: {
    outDir,
    emptyOutDir: true,
    // A profile names the functions it saw: the profiled build keeps them readable.
    minify: profileDirectory === undefined,
    rollupOptions: { input: { bench: join(root, "bench.html") } },
  },
})
const server = await preview({
  root,
  configFile: join(root, "vite.config.ts"),
  logLevel: "error",
  build: { outDir },
  preview: { host: "127.0.0.1", port: 0, strictPort: false },
})
const address = server.httpServer.address()
if (!address || typeof address === "string") throw new Error("The preview server has no port.")
const query = `?devtools=${withDevtools ? 1 : 0}&tap=${tapped ? 1 : 0}`
const benchUrl = `http://127.0.0.1:${address.port}/bench.html${query}`
const browser = await launchChromium()
const loaders = underLoad ? startLoad() : []

async function freshPage(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
  await page.goto(benchUrl)
  await page.waitForFunction(() => typeof window.bench === "object")
  return page
}

/** results[figure][view]: one value per run; the floor is filed under both views. */
const results: Record<string, Partial<Record<BenchView, number[]>>> = {}
const record = (view: BenchView, name: string, value: number) => {
  results[name] ??= {}
  const byView = results[name]
  byView[view] ??= []
  byView[view].push(value)
}

async function measureView(view: BenchView): Promise<void> {
  let page = await freshPage()
  if (profileDirectory) await profileTimedWindow(page, profileDirectory, `a-fast-${view}`)
  else if (traceDirectory) await traceTimedWindow(browser, page, traceDirectory, `a-fast-${view}`)
  await page.evaluate((shown) => window.bench.mountThread(1000, shown), view)
  let fast: Awaited<ReturnType<BenchApi["streamFast"]>> | undefined
  const busy = await taskDurationMs(page, async () => {
    fast = await page.evaluate(() => window.bench.streamFast(2000))
  })
  if (!fast) throw new Error("streamFast returned nothing")
  record(view, "A-fast ms", fast.elapsedMs)
  record(view, "A-fast end frame began at ms", fast.endFrameMs)
  record(view, "A-fast last token delivered at ms", fast.lastTokenMs)
  record(view, "A-fast last update applied at ms", fast.lastUpdateAppliedMs)
  record(view, "A-fast last update committed at ms", fast.lastUpdateCommittedMs)
  record(view, "A-fast frame showing the last words ms", fast.lastFrameMs)
  record(view, "A-fast main-thread ms", busy)
  record(view, "A-fast frames", fast.frames)
  record(view, "A-fast React commits per frame", fast.commits / Math.max(1, fast.frames))
  record(view, "A-fast max commits in one frame", fast.maxCommitsPerFrame)
  record(view, "A-fast frames with 2+ commits", fast.framesOverOneCommit)
  record(view, "A-fast store flushes while streaming", fast.flushes)
  record(view, "A-fast chat commits while streaming", fast.streamingCommits)
  record(
    view,
    "A-fast streaming-item renders per frame",
    fast.streamingItemRenders / Math.max(1, fast.frames),
  )
  record(view, "A-fast other-item renders", fast.otherItemRenders)
  await page.close()
  if (aFastOnly) return

  // The same with 50 branch points in the thread (edits and regenerations): the pickers must
  // not re-render per token either.
  page = await freshPage()
  await page.evaluate((shown) => window.bench.mountThread(1000, shown, 20), view)
  const branched = await page.evaluate(() => window.bench.streamFast(2000))
  record(view, "A-fast+branches ms", branched.elapsedMs)
  record(view, "A-fast+branches commits per frame", branched.commits / Math.max(1, branched.frames))
  record(view, "A-fast+branches max commits in one frame", branched.maxCommitsPerFrame)
  record(
    view,
    "A-fast+branches streaming-item renders/frame",
    branched.streamingItemRenders / Math.max(1, branched.frames),
  )
  record(view, "A-fast+branches other-item renders", branched.otherItemRenders)
  await page.close()

  page = await freshPage()
  await page.evaluate((shown) => window.bench.mountThread(1000, shown), view)
  const paced = await page.evaluate(() => window.bench.streamPaced(600, 200))
  record(view, "A-paced long tasks", paced.longTasks)
  record(view, "A-paced worst frame gap ms", paced.worstFrameGapMs)
  record(view, "A-paced React commits per frame", paced.commitsPerFrame)
  record(view, "A-paced max commits in one frame", paced.maxCommitsPerFrame)
  record(view, "A-paced frames with 2+ commits", paced.framesOverOneCommit)
  await page.close()

  page = await freshPage()
  const mount = await page.evaluate((shown) => window.bench.mountLarge(10_000, shown), view)
  record(view, "B-mount ms", mount.elapsedMs)
  record(view, "B-mount DOM nodes", mount.domNodes)
  await page.close()
}

/**
 * A-fast's time ends in a frame, so it moves in steps of a frame (16.7 ms): this says in which
 * frame each page ended, run by run, and how long after that frame began the stopwatch read it.
 * A ratio of 1.03× can be the same frame read 1.5 ms later; 0.75× can be one frame fewer.
 */
function printFrameComparison(): void {
  const floorEnds = results["floor: end frame began at ms"]?.chatview ?? []
  const floorTimes = results["floor: A-fast ms"]?.chatview ?? []
  const lateness = (times: number[], ends: number[]) =>
    median(times.map((time, run) => time - (ends[run] ?? Number.NaN)))
  for (const view of views) {
    const label = view === "chatview" ? "<ChatView>" : "list only"
    const ends = results["A-fast end frame began at ms"]?.[view] ?? []
    // Frame start times of two pages agree to well under a millisecond when they are the same frame.
    const sameOrSooner = ends.filter((end, run) => end <= (floorEnds[run] ?? 0) + 1).length
    const sooner = ends.filter((end, run) => end < (floorEnds[run] ?? 0) - 8).length
    const readAfter = lateness(results["A-fast ms"]?.[view] ?? [], ends)
    console.log(
      `  ${label}: ended in the floor's frame or sooner in ${sameOrSooner} of ${ends.length} runs` +
        ` (a frame or more sooner in ${sooner}); the stopwatch read the end frame ${readAfter.toFixed(1)} ms` +
        ` after it began, the floor's ${lateness(floorTimes, floorEnds).toFixed(1)} ms (medians)`,
    )
  }
}

function printResults(): void {
  const condition = underLoad
    ? `under load (${loaders.length} busy-looping processes, one per core)`
    : "quiet (no load started)"
  const tap = withDevtools
    ? "devtools open (observing the wire and the store)"
    : `devtools absent, wire tap ${tapped ? "called per token" : "not called"}`
  console.log(
    `UI benchmark: headless Chromium, production build, median of ${runs} runs, ${condition}, ${tap}`,
  )
  console.log(
    `  ${"figure".padEnd(42)} ${"<ChatView>".padStart(12)} ${"list only".padStart(12)}   runs (ChatView | list)`,
  )
  for (const [name, byView] of Object.entries(results)) {
    const cell = (view: BenchView) => median(byView[view]).toFixed(2).padStart(12)
    const shown = views
      .map((view) =>
        (byView[view] ?? []).map((value) => value.toFixed(value < 10 ? 2 : 0)).join(", "),
      )
      .join(" | ")
    console.log(`  ${name.padEnd(42)} ${cell("chatview")} ${cell("list")}   (${shown})`)
  }
  const floor = median(results["floor: A-fast ms"]?.chatview)
  const feed = median(results["the token feed alone ms"]?.chatview)
  const fastTarget = underLoad ? 1 : 0.8
  for (const view of views) {
    const label = view === "chatview" ? "<ChatView>" : "list only"
    const fast = median(results["A-fast ms"]?.[view])
    console.log(
      `  ${label}: A-fast / plain-DOM floor ${(fast / floor).toFixed(2)}× (target ≤ ${fastTarget}×);` +
        ` beyond the feed alone: ${(fast - feed).toFixed(0)} ms against the floor's ${(floor - feed).toFixed(0)} ms`,
    )
  }
  printFrameComparison()
  const following = median(results["floor following the bottom: A-fast ms"]?.chatview)
  console.log(
    `  <ChatView>: A-fast / the floor following the bottom ${(median(results["A-fast ms"]?.chatview) / following).toFixed(2)}×` +
      " (no target: PERFORMANCE.md's floor leaves the reply below the fold; this one shows it as it grows, as a chat does)",
  )
  console.log(
    `  the feed alone (one macrotask per token, nothing done) is ${(feed / floor).toFixed(2)}× the floor:` +
      " no page can take less",
  )
  console.log(
    "  targets (PERFORMANCE.md): A-paced 0 long tasks, worst frame ≤ 17 ms; B-mount < 150 ms and" +
      " < 2,000 DOM nodes; at most 1 React commit in any frame while streaming",
  )
}

try {
  for (let run = 0; run < runs; run++) {
    let page = await freshPage()
    const floor = await page.evaluate(() => window.bench.floorFast(2000))
    for (const view of views) record(view, "floor: A-fast ms", floor.elapsedMs)
    for (const view of views) record(view, "floor: end frame began at ms", floor.endFrameMs)
    for (const view of views) record(view, "floor: last token delivered at ms", floor.lastTokenMs)
    await page.close()
    page = await freshPage()
    const following = await page.evaluate(() => window.bench.floorFast(2000, true))
    for (const view of views)
      record(view, "floor following the bottom: A-fast ms", following.elapsedMs)
    await page.close()
    page = await freshPage()
    const feed = await page.evaluate(() => window.bench.feedAlone(2000))
    for (const view of views) record(view, "the token feed alone ms", feed.elapsedMs)
    for (const view of views) record(view, "feed alone: last token at ms", feed.lastTokenMs)
    await page.close()
    for (const view of views) await measureView(view)
  }
  printResults()
  if (profileDirectory) printProfileSummary(profileDirectory)
} finally {
  for (const loader of loaders) loader.kill()
  await browser.close()
  await new Promise<void>((resolve) => server.httpServer.close(() => resolve()))
  rmSync(outDir, { recursive: true, force: true })
}
