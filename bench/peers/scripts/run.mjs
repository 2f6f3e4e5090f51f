// The peer comparison: builds the pages, serves them on 127.0.0.1 (port 0), drives each in
// headless Chromium on PERFORMANCE.md's scenarios (A-fast, A-paced, B-mount; C-bundle from the
// build), median of BENCH_RUNS runs (3) on fresh pages, each scenario capped at BENCH_CAP_MS
// (40 s). Writes results/results.json, results/results.md and results/chart.svg.
// Prints figures; asserts nothing. Run: `npm run bench`.
import { createReadStream, existsSync } from "node:fs"
import { createServer } from "node:http"
import { loadavg } from "node:os"
import { extname, join, normalize } from "node:path"
import { chromium } from "playwright-core"
import { chromiumArgs, findChromium } from "../../../scripts/chromium.mjs"
import { buildAll, distDir } from "./build.mjs"
import { libraries } from "./libraries.mjs"
import { writeResults } from "./report.mjs"

const runs = Number(process.env.BENCH_RUNS ?? 3)
const capMs = Number(process.env.BENCH_CAP_MS ?? 40_000)
const only = process.env.BENCH_ONLY?.split(",")
const chosen = only ? libraries.filter((library) => only.includes(library.id)) : libraries

const contentTypes = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css" }

function serve() {
  const server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url, "http://x").pathname))
    const file = join(distDir, path.endsWith("/") ? `${path}index.html` : path)
    if (!file.startsWith(distDir) || !existsSync(file)) {
      response.writeHead(404).end()
      return
    }
    const type = contentTypes[extname(file)] ?? "application/octet-stream"
    response.writeHead(200, { "content-type": type })
    createReadStream(file).pipe(response)
  })
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)))
}

/** Main-thread busy time while the action runs (CDP TaskDuration delta), in ms. */
async function withTaskDuration(page, action) {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send("Performance.enable")
  const read = async () => {
    const { metrics } = await cdp.send("Performance.getMetrics")
    return metrics.find((metric) => metric.name === "TaskDuration")?.value ?? 0
  }
  const before = await read()
  const result = await action()
  const busyMs = ((await read()) - before) * 1000
  await cdp.detach()
  return { ...result, busyMs }
}

/**
 * A page that stops answering (a render that holds the main thread) cannot stop itself at the
 * cap: give it a minute more, then count it as not finished with its progress unknown.
 */
function withDeadline(promise, ms) {
  let timer
  const deadline = new Promise((resolve) => {
    timer = setTimeout(() => resolve({ finished: false, tokensDone: null, hung: true }), ms)
  })
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer))
}

async function scenario(browser, url, body) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
  const errors = []
  page.on("pageerror", (error) => errors.push(String(error)))
  try {
    await page.goto(url)
    await page.waitForFunction(() => typeof window.bench === "object")
    const result = await withDeadline(body(page), capMs * 2 + 60_000)
    if (errors.length > 0) result.errors = errors.slice(0, 3)
    return result
  } finally {
    await page.close({ runBeforeUnload: false }).catch(() => {})
  }
}

const scenarios = {
  "A-fast": (page) =>
    page
      .evaluate(() => window.bench.mountThread(1000))
      .then(() =>
        withTaskDuration(page, () =>
          page.evaluate((cap) => window.bench.streamFast(2000, cap), capMs),
        ),
      ),
  "A-paced": (page) =>
    page
      .evaluate(() => window.bench.mountThread(1000))
      .then(() => page.evaluate((cap) => window.bench.streamPaced(600, 200, cap), capMs)),
  "B-mount": (page) => page.evaluate((cap) => window.bench.mountLarge(10_000, cap), capMs),
}

const startedAt = new Date()
console.log("Building the pages…")
const bundles = await buildAll()
const server = await serve()
const port = server.address().port
const browser = await chromium.launch({
  executablePath: findChromium(),
  args: chromiumArgs,
  headless: true,
})
const chromiumVersion = browser.version()
const measured = Object.fromEntries(chosen.map((library) => [library.id, {}]))
try {
  for (let run = 1; run <= runs; run++) {
    // Every library once per run, in turn, so drift on a shared machine reaches all of them.
    for (const library of chosen) {
      for (const [name, body] of Object.entries(scenarios)) {
        const url = `http://127.0.0.1:${port}/${library.id}/`
        const began = Date.now()
        // The machine's 1-minute load average as the scenario starts: other work shows here.
        const loadAverage = loadavg()[0]
        const result = { ...(await scenario(browser, url, body)), loadAverage }
        measured[library.id][name] ??= []
        measured[library.id][name].push(result)
        const seconds = ((Date.now() - began) / 1000).toFixed(1)
        console.log(
          `run ${run}/${runs} ${library.id} ${name} (${seconds} s): ${JSON.stringify(result)}`,
        )
      }
    }
  }
} finally {
  await browser.close()
  server.close()
}

await writeResults({
  startedAt,
  finishedAt: new Date(),
  runs,
  capMs,
  chromium: chromiumVersion,
  libraries: chosen,
  measured,
  bundles,
})
