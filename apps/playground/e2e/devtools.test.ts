/**
 * The playground with the devtools open on each wire (`?devtools=1`): the timeline, the wire
 * and the run summary fill in while the demo server answers; the timeline follows the stream,
 * and stays where a person scrolled up to; a recording made with the panel's Record button
 * replays through ReplayAdapter.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import type { AdapterRecording } from "@aichatkit/network-adapter"
import { ReplayAdapter } from "@aichatkit/testing"
import type { Page } from "playwright-core"
import { describe, expect, it } from "vitest"
import { artifactsDir, saveScreenshot, setUpStack } from "./harness.js"

const session = setUpStack()

async function openWithDevtools(adapter: string): Promise<Page> {
  const { page } = await session.newPage({
    viewport: { width: 1200, height: 900 },
    acceptDownloads: true,
  })
  await page.goto(session.stack.playgroundUrl(adapter, { devtools: "1" }))
  await page.getByRole("region", { name: "aichatkit devtools" }).waitFor({ timeout: 30_000 })
  return page
}

async function send(page: Page, text: string): Promise<void> {
  const input = page.getByRole("textbox", { name: "Message" })
  await expect.poll(() => input.isEnabled(), { timeout: 15_000 }).toBe(true)
  await expect
    .poll(() => page.getByRole("button", { name: "Stop", exact: true }).count(), {
      timeout: 15_000,
    })
    .toBe(0)
  await input.fill(text)
  await input.press("Enter")
  await expect.poll(() => input.inputValue(), { timeout: 15_000 }).toBe("")
}

const timeline = (page: Page) => page.getByRole("region", { name: "Timeline" })
const wire = (page: Page) => page.getByRole("region", { name: "Wire" })

/** The positions (aria-posinset) of the first and last timeline lines in view, and the count. */
function timelineInView(page: Page) {
  return page.evaluate(() => {
    const scroller = document.querySelector('[aria-label="Timeline"] [tabindex]') as HTMLElement
    const view = scroller.getBoundingClientRect()
    const shown = [...scroller.querySelectorAll("li")].filter((line) => {
      const box = line.getBoundingClientRect()
      return box.bottom > view.top + 1 && box.top < view.bottom - 1
    })
    const position = (line: Element | undefined) => Number(line?.getAttribute("aria-posinset"))
    return {
      first: position(shown[0]),
      last: position(shown.at(-1)),
      count: Number(shown[0]?.getAttribute("aria-setsize")),
    }
  })
}

/** Waits until the Runs table lists `count` runs, none still open. */
async function runsFinished(page: Page, count: number): Promise<void> {
  const rows = page.getByRole("table", { name: "Runs" }).getByRole("row")
  await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(count + 1)
  await expect
    .poll(async () => (await rows.allTextContents()).join(" "), { timeout: 20_000 })
    .not.toContain("(open)")
}

const wires = [
  { adapter: "haip", wireName: "haip" },
  { adapter: "sse", wireName: "sse" },
  { adapter: "apollo", wireName: "graphql" },
]

describe("the playground with the devtools open", () => {
  for (const { adapter, wireName } of wires) {
    it(`shows the events, the ${wireName} wire and the run over ${adapter}`, async () => {
      const page = await openWithDevtools(adapter)
      try {
        await send(page, "hello")
        await expect
          .poll(() => timeline(page).getByText("run-finished", { exact: true }).count(), {
            timeout: 20_000,
          })
          .toBeGreaterThan(0)
        expect(
          await timeline(page).getByText("text-delta", { exact: true }).count(),
        ).toBeGreaterThan(0)
        expect(
          await timeline(page).getByText("store flush", { exact: true }).count(),
        ).toBeGreaterThan(0)
        await expect
          .poll(() => wire(page).getByText(`${wireName} in`, { exact: true }).count())
          .toBeGreaterThan(0)
        expect(
          await page.getByRole("table", { name: "Runs" }).getByRole("row").count(),
        ).toBeGreaterThan(1)
        await saveScreenshot(page, `devtools-${adapter}`)
        // The lists render the lines in view: the request sent, scrolled away by the reply's
        // frames, is found with the type filter.
        await page.getByLabel("Type").selectOption(`${wireName} out`)
        await expect
          .poll(() => wire(page).getByText(`${wireName} out`, { exact: true }).count())
          .toBeGreaterThan(0)
      } finally {
        await page.context().close()
      }
    })
  }

  it("keeps the chat at one React commit per frame while it streams with the devtools open", async () => {
    const page = await openWithDevtools("memory")
    try {
      // Counts animation frames from just before the send to the end of the run.
      await page.evaluate(() => {
        const counter = window as Window & { animationFrames?: number }
        counter.animationFrames = 0
        const tick = () => {
          counter.animationFrames = (counter.animationFrames ?? 0) + 1
          requestAnimationFrame(tick)
        }
        requestAnimationFrame(tick)
      })
      await send(page, "hello")
      await expect
        .poll(() => timeline(page).getByText("run-finished", { exact: true }).count(), {
          timeout: 20_000,
        })
        .toBeGreaterThan(0)
      const frames = await page.evaluate(
        () => (window as Window & { animationFrames?: number }).animationFrames ?? 0,
      )
      const row = page.getByRole("table", { name: "Runs" }).getByRole("row").nth(1)
      const cells = await row.getByRole("cell").allTextContents()
      const [flushes, commits] = [Number(cells[3]), Number(cells[4])]
      console.log(
        `devtools open, memory adapter: ${commits} chat commits, ${flushes} store flushes, ${frames} frames`,
      )
      expect(flushes).toBeGreaterThan(5)
      // One commit per store flush (plus the send's own), and never more commits than frames.
      expect(commits).toBeLessThanOrEqual(flushes + 2)
      expect(commits).toBeLessThanOrEqual(frames)
      await saveScreenshot(page, "devtools-memory")
    } finally {
      await page.context().close()
    }
  })

  it("follows the stream in the timeline, and stays on the lines a person scrolled up to while another reply streams", async () => {
    const page = await openWithDevtools("memory")
    try {
      await send(page, "hello")
      await runsFinished(page, 1)
      const followed = await timelineInView(page)
      expect(followed.count).toBeGreaterThan(50)
      expect(followed.last).toBe(followed.count)

      await timeline(page).locator("[tabindex]").hover()
      await page.mouse.wheel(0, -400)
      await expect.poll(async () => (await timelineInView(page)).last).toBeLessThan(followed.count)
      const scrolledUp = await timelineInView(page)
      await send(page, "again")
      await runsFinished(page, 2)
      const meanwhile = await timelineInView(page)
      expect(meanwhile.count).toBeGreaterThan(scrolledUp.count)
      expect(meanwhile.first).toBe(scrolledUp.first)

      await page.mouse.wheel(0, 100_000)
      await expect.poll(async () => (await timelineInView(page)).last).toBe(meanwhile.count)
      await send(page, "once more")
      await runsFinished(page, 3)
      const followedAgain = await timelineInView(page)
      expect(followedAgain.count).toBeGreaterThan(meanwhile.count)
      expect(followedAgain.last).toBe(followedAgain.count)
    } finally {
      await page.context().close()
    }
  })

  it("records a session with the panel's Record button that replays through ReplayAdapter", async () => {
    const page = await openWithDevtools("sse")
    try {
      await page.getByRole("button", { name: "Record" }).click()
      await send(page, "hello")
      await expect
        .poll(() => timeline(page).getByText("run-finished", { exact: true }).count(), {
          timeout: 20_000,
        })
        .toBeGreaterThan(0)
      const download = page.waitForEvent("download")
      await page.getByRole("button", { name: "Stop recording" }).click()
      const path = await (await download).path()
      const text = readFileSync(path, "utf8")
      // Kept for a person (and as the source of packages/devtools/recordings/playground-sse.json).
      mkdirSync(artifactsDir, { recursive: true })
      writeFileSync(join(artifactsDir, "playground-recording.json"), text)
      const recording = JSON.parse(text) as AdapterRecording
      expect(recording).toMatchObject({ format: "aichatkit-recording", adapter: "SSEAdapter" })

      const replay = new ReplayAdapter(recording, { speed: Number.POSITIVE_INFINITY })
      const response = await replay.sendMessage(await replay.startChatAgent(), "hello")
      const answer = response.items.find(
        (item) => item.type === "message" && item.role === "assistant",
      )
      expect(answer?.type === "message" && answer.content.length).toBeGreaterThan(10)
    } finally {
      await page.context().close()
    }
  })
})
