/**
 * `--profile`: CPU profiles of A-fast's timed window (the page calls `benchWindowOpened` and
 * `benchWindowClosed` around it), written as `.cpuprofile` files (open them in Chromium's
 * DevTools, Performance panel) and summarised: the functions taking the most time, by their
 * own time and with what they call.
 */
import { mkdirSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import type { Page } from "playwright-core"

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}
interface Profile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

/** Time per function (ms), own and inclusive, summed over every profile taken. */
const ownTime = new Map<string, number>()
const inclusiveTime = new Map<string, number>()
let profiles = 0

/** Exposes the window's hooks on `page`: each window opened is profiled into `directory`. */
export async function profileTimedWindow(page: Page, directory: string, name: string) {
  mkdirSync(directory, { recursive: true })
  const cdp = await page.context().newCDPSession(page)
  await cdp.send("Profiler.enable")
  await cdp.send("Profiler.setSamplingInterval", { interval: 100 })
  await page.exposeFunction("benchWindowOpened", () => cdp.send("Profiler.start"))
  await page.exposeFunction("benchWindowClosed", async () => {
    const { profile } = await cdp.send("Profiler.stop")
    profiles++
    const file = join(directory, `${name}-${profiles}.cpuprofile`)
    writeFileSync(file, JSON.stringify(profile))
    addProfile(profile as Profile)
  })
}

function functionName({ callFrame }: ProfileNode): string {
  const file = callFrame.url.split("/").pop() || "(native)"
  return `${callFrame.functionName || "(anonymous)"} ${file}:${callFrame.lineNumber + 1}`
}

function addProfile(profile: Profile) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const own = new Map<number, number>()
  profile.samples.forEach((id, index) => {
    own.set(id, (own.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000)
  })
  // Inclusive time counts a function once per stack, however deep it recurses.
  const visit = (node: ProfileNode, onStack: ReadonlySet<string>): number => {
    const name = functionName(node)
    let total = own.get(node.id) ?? 0
    const below = new Set(onStack).add(name)
    for (const child of node.children ?? []) total += visit(byId.get(child) as ProfileNode, below)
    ownTime.set(name, (ownTime.get(name) ?? 0) + (own.get(node.id) ?? 0))
    if (!onStack.has(name)) inclusiveTime.set(name, (inclusiveTime.get(name) ?? 0) + total)
    return total
  }
  visit(profile.nodes[0] as ProfileNode, new Set())
}

/** Prints the top functions, per profile on average. */
export function printProfileSummary(directory: string, top = 25) {
  if (profiles === 0) return
  const table = (title: string, times: Map<string, number>) => {
    console.log(`  ${title}, ms per timed window (mean of ${profiles}):`)
    const sorted = [...times].sort((a, b) => b[1] - a[1]).slice(0, top)
    for (const [name, ms] of sorted)
      console.log(`    ${(ms / profiles).toFixed(2).padStart(8)}  ${name}`)
  }
  console.log(`CPU profiles of A-fast's timed window: ${directory}`)
  table("own time", ownTime)
  table("with what it calls", inclusiveTime)
}
