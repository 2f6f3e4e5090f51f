/**
 * The UI benchmark of PERFORMANCE.md, in headless Chromium on a production build:
 *   A-fast   a 1,000-message thread, then 2,000 tokens as fast as the adapter delivers them
 *   A-paced  600 tokens at 200 tokens/s: long tasks and the worst gap between frames
 *   B-mount  10,000 messages into an empty page: time to paint and DOM nodes
 * plus the plain-DOM floor of A-fast in the same run, to quote a ratio. Prints figures; asserts
 * nothing. Run: `npm run bench -w @aichatkit/playground`.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import type { Page } from "playwright-core"
import { build, defaultClientConditions, preview } from "vite"
import { launchChromium } from "../e2e/harness.js"
import type { BenchApi } from "./page.js"

declare global {
  interface Window {
    bench: BenchApi
  }
}

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
const runs = Number(process.env.BENCH_RUNS ?? 3)

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

const median = (values: number[]) => {
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
    // React's production build with <Profiler> timings kept, so commits can be counted.
    alias: [{ find: /^react-dom\/client$/, replacement: "react-dom/profiling" }],
  },
  build: {
    outDir,
    emptyOutDir: true,
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
const benchUrl = `http://127.0.0.1:${address.port}/bench.html`
const browser = await launchChromium()

async function freshPage(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
  await page.goto(benchUrl)
  await page.waitForFunction(() => typeof window.bench === "object")
  return page
}

const results: Record<string, number[]> = {}
const record = (name: string, value: number) => {
  results[name] ??= []
  results[name].push(value)
}

try {
  for (let run = 0; run < runs; run++) {
    let page = await freshPage()
    const floor = await page.evaluate(() => window.bench.floorFast(2000))
    record("floor: A-fast ms", floor.elapsedMs)
    await page.close()

    page = await freshPage()
    await page.evaluate(() => window.bench.mountThread(1000))
    let fast: Awaited<ReturnType<BenchApi["streamFast"]>> | undefined
    const busy = await taskDurationMs(page, async () => {
      fast = await page.evaluate(() => window.bench.streamFast(2000))
    })
    if (!fast) throw new Error("streamFast returned nothing")
    record("A-fast ms", fast.elapsedMs)
    record("A-fast main-thread ms", busy)
    record("A-fast main-thread ms per 1,000 tokens", busy / 2)
    record("A-fast frames", fast.frames)
    record("A-fast React commits per frame", fast.commits / Math.max(1, fast.frames))
    record("A-fast max commits in one frame", fast.maxCommitsPerFrame)
    record("A-fast streaming-item renders (all 2,000 tokens)", fast.streamingItemRenders)
    record(
      "A-fast streaming-item renders per frame",
      fast.streamingItemRenders / Math.max(1, fast.frames),
    )
    record("A-fast other-item renders", fast.otherItemRenders)
    await page.close()

    page = await freshPage()
    await page.evaluate(() => window.bench.mountThread(1000))
    const paced = await page.evaluate(() => window.bench.streamPaced(600, 200))
    record("A-paced long tasks", paced.longTasks)
    record("A-paced worst frame gap ms", paced.worstFrameGapMs)
    await page.close()

    page = await freshPage()
    const mount = await page.evaluate(() => window.bench.mountLarge(10_000))
    record("B-mount ms", mount.elapsedMs)
    record("B-mount DOM nodes", mount.domNodes)
    await page.close()
  }

  console.log(`UI benchmark: headless Chromium, production build, median of ${runs} runs`)
  for (const [name, values] of Object.entries(results)) {
    const shown = values.map((value) => value.toFixed(value < 10 ? 2 : 0)).join(", ")
    console.log(`  ${name.padEnd(44)} ${median(values).toFixed(2).padStart(10)}   (${shown})`)
  }
  const ratio = median(results["A-fast ms"] ?? []) / median(results["floor: A-fast ms"] ?? [])
  console.log(`  A-fast / plain-DOM floor: ${ratio.toFixed(2)}× (target ≤ 3×)`)
} finally {
  await browser.close()
  await new Promise<void>((resolve) => server.httpServer.close(() => resolve()))
  rmSync(outDir, { recursive: true, force: true })
}
