/**
 * The playground in headless Chromium: a newcomer's first minutes, with the in-memory agent
 * and then over each wire against the demo server.
 */
import type { Locator, Page } from "playwright-core"
import { beforeAll, describe, expect, it } from "vitest"
import { saveScreenshot, setUpStack } from "./harness.js"

const session = setUpStack()

async function openPlayground(adapter: string): Promise<Page> {
  const { page, problems } = await session.openPlayground(adapter)
  // Unhandled page errors fail the test that caused them.
  ;(page as Page & { problems: string[] }).problems = problems
  return page
}

function pageErrors(page: Page): string[] {
  return (page as Page & { problems: string[] }).problems
}

async function send(page: Page, text: string): Promise<void> {
  const input = page.getByRole("textbox", { name: "Message" })
  await expect.poll(() => input.isEnabled(), { timeout: 15_000 }).toBe(true)
  // Enter does nothing while the previous answer still streams (its last words may be on
  // screen before its run has finished): wait until that run has ended.
  await expect
    .poll(() => page.getByRole("button", { name: "Stop" }).count(), { timeout: 15_000 })
    .toBe(0)
  await input.fill(text)
  await input.press("Enter")
  // The composer empties once the message is accepted.
  await expect.poll(() => input.inputValue(), { timeout: 15_000 }).toBe("")
}

const log = (page: Page) => page.getByRole("log")
const textOf = async (locator: Locator) => (await locator.textContent()) ?? ""

describe("the playground with the in-memory agent", () => {
  let page: Page

  beforeAll(async () => {
    page = await openPlayground("memory")
  })

  it("sends a message and streams the answer in", async () => {
    await send(page, "hello there")
    await expect.poll(() => textOf(log(page))).toContain("hello there")
    await expect.poll(() => textOf(log(page)), { timeout: 15_000 }).toContain("Read more in the")
    // The markdown renderer is a lazily loaded chunk: wait for the heading it makes.
    await expect
      .poll(() => page.getByRole("heading", { name: "Here is what I found" }).count())
      .toBe(1)
    await saveScreenshot(page, "memory-answer")
  })

  it("shows a tool call progressing to completed", async () => {
    await send(page, "use the tool")
    const toolCall = page.locator(".aichatkit-tool-call").last()
    await expect.poll(() => textOf(toolCall), { timeout: 15_000 }).toContain("Completed")
    await expect.poll(() => textOf(log(page)), { timeout: 15_000 }).toContain("Take an umbrella")
    await saveScreenshot(page, "memory-tool-call")
  })

  it("passes a card's button to onCardAction and the adapter", async () => {
    await send(page, "show a card")
    const button = page.getByRole("button", { name: "Refresh" }).last()
    await button.waitFor({ timeout: 15_000 })
    await button.click()
    await expect.poll(() => textOf(page.locator(".playground-action"))).toContain("Refresh on")
    await saveScreenshot(page, "memory-card-action")
  })

  it("stays where the user scrolled while an answer streams", async () => {
    await send(page, "a slow one please")
    await expect.poll(() => textOf(log(page)), { timeout: 15_000 }).toContain("arrives slowly")
    const scroller = log(page)
    await scroller.hover()
    await page.mouse.wheel(0, -400)
    await expect
      .poll(() => page.getByRole("button", { name: "Jump to latest" }).isVisible())
      .toBe(true)
    const top = await scroller.evaluate((element) => element.scrollTop)
    const lengthBefore = (await textOf(scroller)).length
    // The answer keeps growing, and the view does not move.
    await expect
      .poll(async () => (await textOf(scroller)).length, { timeout: 15_000 })
      .toBeGreaterThan(lengthBefore + 40)
    expect(await scroller.evaluate((element) => element.scrollTop)).toBe(top)
    await saveScreenshot(page, "memory-scrolled-up")
    await page.getByRole("button", { name: "Stop" }).click()
  })

  it("finds the conversation again after a reload", async () => {
    await page.reload()
    await page.getByRole("textbox", { name: "Message" }).waitFor()
    await expect.poll(() => textOf(log(page)), { timeout: 15_000 }).toContain("hello there")
    expect(await textOf(log(page))).toContain("Take an umbrella")
    await saveScreenshot(page, "memory-after-reload")
    expect(pageErrors(page)).toEqual([])
  })
})

describe.each([
  ["haip", "HAIP over WebSocket"],
  ["sse", "SSE in the Haira dialect"],
  ["apollo", "GraphQL through Apollo"],
])("the playground on %s (%s)", (adapter) => {
  it("streams an answer with a tool call from the demo server", async () => {
    const page = await openPlayground(adapter)
    await send(page, "call the tool")
    const toolCall = page.locator(".aichatkit-tool-call").last()
    await expect.poll(() => textOf(toolCall), { timeout: 20_000 }).toContain("Completed")
    await expect.poll(() => textOf(log(page)), { timeout: 20_000 }).toContain("Take an umbrella")
    await send(page, "hello")
    await expect.poll(() => textOf(log(page)), { timeout: 20_000 }).toContain("Read more in the")
    await saveScreenshot(page, `${adapter}-answer`)
    expect(pageErrors(page)).toEqual([])
    await page.context().close()
  })
})
