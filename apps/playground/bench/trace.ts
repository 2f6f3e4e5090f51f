/**
 * `--trace`: a Chromium trace of A-fast's timed window (the page calls `benchWindowOpened` and
 * `benchWindowClosed` around it), written as `.json` (open it in Chromium's DevTools,
 * Performance panel) and printed as the main thread's timeline: every task of the window over
 * 0.2 ms, when it started, what it was (a token, an animation frame, a timer) and how its time
 * split into script, style, layout and paint. Where a CPU profile (`--profile`) says which
 * functions cost, this says in which frame and how the frames fall. Tracing slows the page
 * (each frame's tasks by a third or more): compare traced runs only with traced runs.
 */
import { mkdirSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import type { Browser, Page } from "playwright-core"

interface TraceEvent {
  name: string
  cat: string
  ph: string
  ts: number
  dur?: number
  pid: number
  tid: number
  args?: { name?: string; data?: Record<string, unknown> }
}

const categories = [
  "toplevel",
  "devtools.timeline",
  "disabled-by-default-devtools.timeline",
  "disabled-by-default-devtools.timeline.frame",
  "blink.user_timing",
]

/** What a task's time went to, by the trace events that name it. */
const kinds: Record<string, string> = {
  FunctionCall: "script",
  EvaluateScript: "script",
  FireAnimationFrame: "script",
  TimerFire: "script",
  EventDispatch: "script",
  RunMicrotasks: "script",
  "v8.run_microtasks": "script",
  UpdateLayoutTree: "style",
  RecalculateStyles: "style",
  Layout: "layout",
  PrePaint: "paint",
  Paint: "paint",
  Layerize: "paint",
  Commit: "paint",
  UpdateLayer: "paint",
  CompositeLayers: "paint",
}

/** What started a task, by the first event under it that says. */
const starters: Record<string, string> = {
  FireAnimationFrame: "frame",
  TimerFire: "timer",
  EventDispatch: "event",
  FunctionCall: "script",
}

let traces = 0

/** Exposes the window's hooks on `page`: each window opened is traced into `directory`. */
export async function traceTimedWindow(
  browser: Browser,
  page: Page,
  directory: string,
  name: string,
) {
  mkdirSync(directory, { recursive: true })
  await page.exposeFunction("benchWindowOpened", () =>
    browser.startTracing(page, { categories, screenshots: false }),
  )
  await page.exposeFunction("benchWindowClosed", async () => {
    const buffer = await browser.stopTracing()
    traces++
    const file = join(directory, `${name}-${traces}.json`)
    writeFileSync(file, buffer)
    printTimeline(file, JSON.parse(buffer.toString()) as { traceEvents: TraceEvent[] })
  })
}

function printTimeline(file: string, trace: { traceEvents: TraceEvent[] }) {
  const events = trace.traceEvents
  const main = events.find(
    (event) => event.name === "thread_name" && event.args?.name === "CrRendererMain",
  )
  if (!main) return
  const onMain = events.filter(
    (event) => event.pid === main.pid && event.tid === main.tid && event.ph === "X",
  )
  const mark = events.find(
    (event) => event.name === "a-fast-timed-window" && event.cat.includes("user_timing"),
  )
  const origin = mark?.ts ?? Math.min(...onMain.map((event) => event.ts))
  // A task is traced under one of two names (both, nested, in some versions): the outer one.
  const taskName = onMain.some((event) => event.name === "ThreadControllerImpl::RunTask")
    ? "ThreadControllerImpl::RunTask"
    : "RunTask"
  const tasks = onMain
    .filter((event) => event.name === taskName && event.ts >= origin)
    .sort((a, b) => a.ts - b.ts)
  console.log(
    `  trace ${file} (ms from the window's start; small script tasks grouped, others over 0.2 ms)`,
  )
  let tokenTasks = { count: 0, ms: 0, from: 0 }
  const flushTokens = () => {
    if (tokenTasks.count === 0) return
    console.log(
      `    ${tokenTasks.from.toFixed(1).padStart(6)}  ${tokenTasks.count} small script tasks (tokens), ${tokenTasks.ms.toFixed(1)} ms`,
    )
    tokenTasks = { count: 0, ms: 0, from: 0 }
  }
  for (const task of tasks) {
    const end = task.ts + (task.dur ?? 0)
    const inside = onMain.filter((event) => event.ts >= task.ts && event.ts < end && event !== task)
    const split: Record<string, number> = {}
    // Only the outermost event of each kind counts, so nested ones are not added twice.
    const counted: TraceEvent[] = []
    for (const event of inside) {
      const kind = kinds[event.name]
      if (!kind) continue
      if (counted.some((outer) => event.ts < outer.ts + (outer.dur ?? 0) && event.ts >= outer.ts))
        continue
      counted.push(event)
      split[kind] = (split[kind] ?? 0) + (event.dur ?? 0) / 1000
    }
    const starter = inside.find((event) => starters[event.name])
    const what = starter ? (starters[starter.name] as string) : "other"
    const ms = (task.dur ?? 0) / 1000
    const at = (task.ts - origin) / 1000
    if (what === "script" && ms < 1 && Object.keys(split).every((kind) => kind === "script")) {
      if (tokenTasks.count === 0) tokenTasks.from = at
      tokenTasks.count++
      tokenTasks.ms += ms
      continue
    }
    flushTokens()
    if (ms < 0.2) continue
    const parts = Object.entries(split)
      .map(([kind, kindMs]) => `${kind} ${kindMs.toFixed(1)}`)
      .join(", ")
    console.log(
      `    ${at.toFixed(1).padStart(6)}  ${what.padEnd(6)} ${ms.toFixed(1).padStart(5)} ms  ${parts}`,
    )
  }
  flushTokens()
}
