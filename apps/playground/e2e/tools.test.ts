/**
 * Tool approval and a browser tool in the playground, in headless Chromium: with the in-memory
 * agent, and over GraphQL and HAIP against the demo server (Haira's wire cannot carry answers:
 * there the buttons are not offered).
 */
import type { Locator, Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { saveScreenshot, setUpStack } from "./harness.js"

const session = setUpStack()

async function openPlayground(adapter: string): Promise<{ page: Page; errors: string[] }> {
  const { page, problems } = await session.openPlayground(adapter)
  return { page, errors: problems }
}

async function send(page: Page, text: string): Promise<void> {
  const input = page.getByRole("textbox", { name: "Message" })
  await expect.poll(() => input.isEnabled(), { timeout: 15_000 }).toBe(true)
  await expect
    .poll(() => page.getByRole("button", { name: "Stop" }).count(), { timeout: 15_000 })
    .toBe(0)
  await input.fill(text)
  await input.press("Enter")
  await expect.poll(() => input.inputValue(), { timeout: 15_000 }).toBe("")
}

const textOf = async (locator: Locator) => (await locator.textContent()) ?? ""
const lastToolCall = (page: Page) => page.locator(".aichatkit-tool-call").last()

describe("the playground: tool approval and a browser tool (in-memory agent)", () => {
  let page: Page
  let errors: string[]

  beforeAll(async () => {
    ;({ page, errors } = await openPlayground("memory"))
  })

  afterAll(async () => {
    await page.context().close()
  })

  it("asks before the weather tool runs, and runs it once approved with the keyboard", async () => {
    await send(page, "approve a weather lookup")
    const call = lastToolCall(page)
    await expect.poll(() => textOf(call), { timeout: 15_000 }).toContain("Needs your approval")
    await saveScreenshot(page, "memory-approval-waiting")
    await call.getByRole("button", { name: "Approve" }).focus()
    await page.keyboard.press("Enter")
    await expect.poll(() => textOf(call), { timeout: 15_000 }).toContain("You approved this call.")
    await expect.poll(() => textOf(call), { timeout: 15_000 }).toContain("Completed")
    await expect
      .poll(() => textOf(page.getByRole("log")), { timeout: 15_000 })
      .toContain("Take an umbrella")
    await saveScreenshot(page, "memory-approval-approved")
  })

  it("does not run a denied call, and keeps the reason", async () => {
    await send(page, "approve it again")
    const call = lastToolCall(page)
    await expect.poll(() => textOf(call), { timeout: 15_000 }).toContain("Needs your approval")
    await call.getByRole("textbox", { name: "Reason (optional)" }).fill("not today")
    await call.getByRole("button", { name: "Deny" }).click()
    await expect
      .poll(() => textOf(call), { timeout: 15_000 })
      .toContain("You denied this call. not today")
    await expect
      .poll(() => textOf(page.getByRole("log")), { timeout: 15_000 })
      .toContain("I did not look up the weather")
    await saveScreenshot(page, "memory-approval-denied")
  })

  it("asks the user through the page's getLocation tool and sends the answer back", async () => {
    await send(page, "what is my location?")
    const call = lastToolCall(page)
    const bergen = call.getByRole("button", { name: "Bergen" })
    await bergen.waitFor({ timeout: 15_000 })
    await saveScreenshot(page, "memory-browser-tool-asking")
    await bergen.click()
    await expect
      .poll(() => textOf(page.getByRole("log")), { timeout: 15_000 })
      .toContain("Your browser says you are in Bergen")
    await expect.poll(() => call.getByRole("button", { name: "Bergen" }).count()).toBe(0)
    await saveScreenshot(page, "memory-browser-tool-answered")
    expect(errors).toEqual([])
  })
})

describe.each([
  ["apollo", "GraphQL, the demo schema's respondToToolCall mutation"],
  ["haip", "HAIP, TOOL_UPDATE QUEUED awaiting, answered by TOOL_UPDATE / TOOL_DONE"],
])("the playground on %s (%s)", (adapter) => {
  it("asks for approval and runs the tool once approved; asks the page for the location", async () => {
    const { page, errors } = await openPlayground(adapter)
    await send(page, "approve a weather lookup")
    const call = lastToolCall(page)
    await expect.poll(() => textOf(call), { timeout: 20_000 }).toContain("Needs your approval")
    await call.getByRole("button", { name: "Approve" }).click()
    await expect.poll(() => textOf(call), { timeout: 20_000 }).toContain("Completed")
    await expect
      .poll(() => textOf(page.getByRole("log")), { timeout: 20_000 })
      .toContain("Take an umbrella")
    await saveScreenshot(page, `${adapter}-approval-approved`)
    await send(page, "what is my location?")
    const located = lastToolCall(page)
    await located.getByRole("button", { name: "Tromsø" }).click({ timeout: 20_000 })
    await expect
      .poll(() => textOf(page.getByRole("log")), { timeout: 20_000 })
      .toContain("Your browser says you are in Tromsø")
    await saveScreenshot(page, `${adapter}-browser-tool-answered`)
    expect(errors).toEqual([])
    await page.context().close()
  })
})
