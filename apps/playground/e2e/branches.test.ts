/**
 * Edit, regenerate and the version picker in the playground, in headless Chromium: on the wire
 * that branches (the in-memory agent), and on HAIP and GraphQL, whose server keeps the
 * conversation and regenerates its last answer only. Screenshots in test-artifacts/.
 */
import type { Page } from "playwright-core"
import { beforeAll, describe, expect, it } from "vitest"
import { saveScreenshot, setUpStack } from "./harness.js"

const session = setUpStack()

async function openPlayground(adapter: string): Promise<Page> {
  return (await session.openPlayground(adapter)).page
}

async function sendAndWait(page: Page, text: string): Promise<void> {
  const input = page.getByRole("textbox", { name: "Message" })
  await expect.poll(() => input.isEnabled(), { timeout: 15_000 }).toBe(true)
  await input.fill(text)
  await input.press("Enter")
  // The answer is whole when its rating buttons show (actions wait for the item to finish)
  // and no run is left to stop.
  const log = page.getByRole("log")
  await expect
    .poll(() => log.getByRole("button", { name: "Good answer" }).count(), { timeout: 20_000 })
    .toBeGreaterThan(0)
  await expect
    .poll(() => page.getByRole("button", { name: "Stop" }).count(), { timeout: 20_000 })
    .toBe(0)
}

const pickerText = async (page: Page, index = 0) =>
  (await page.getByRole("group", { name: "Versions" }).nth(index).textContent()) ?? ""

describe("branches in the playground (in-memory agent)", () => {
  let page: Page

  beforeAll(async () => {
    page = await openPlayground("memory")
  })

  it("regenerates an answer and moves between the two versions by keyboard", async () => {
    await sendAndWait(page, "hello")
    await page.getByRole("log").getByRole("button", { name: "Regenerate" }).last().click()
    await expect.poll(() => pickerText(page), { timeout: 20_000 }).toContain("2 / 2")
    await saveScreenshot(page, "memory-branch-regenerated")
    const previous = page.getByRole("button", { name: "Previous version" })
    await previous.focus()
    await page.keyboard.press("Enter")
    await expect.poll(() => pickerText(page), { timeout: 10_000 }).toContain("1 / 2")
    // Focus stayed on the picker (the one at 1 of 2 can only go forward).
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute("aria-label")))
      .toBe("Next version")
  })

  it("edits the question: the edited message starts its own versions", async () => {
    await page.getByRole("log").getByRole("button", { name: "Edit" }).first().click()
    const field = page.getByRole("textbox", { name: "Edit your message" })
    await field.fill("use the tool")
    await page.getByRole("log").getByRole("button", { name: "Send" }).click()
    await expect
      .poll(async () => (await page.getByRole("log").textContent()) ?? "", { timeout: 20_000 })
      .toContain("Take an umbrella")
    await expect.poll(() => pickerText(page), { timeout: 10_000 }).toContain("2 / 2")
    await saveScreenshot(page, "memory-branch-edited")
  })

  it("keeps a rating pressed", async () => {
    const good = page.getByRole("log").getByRole("button", { name: "Good answer" }).last()
    await good.click()
    await expect.poll(() => good.getAttribute("aria-pressed")).toBe("true")
    await saveScreenshot(page, "memory-feedback")
  })
})

describe.each(["haip", "apollo"])(
  "%s keeps the conversation on the server: regenerate the last answer only",
  (adapter) => {
    it("offers Regenerate on the last answer only and no Edit; regenerating shows 2 / 2", async () => {
      const page = await openPlayground(adapter)
      await sendAndWait(page, "hello")
      await sendAndWait(page, "use the tool")
      const log = page.getByRole("log")
      expect(await log.getByRole("button", { name: "Copy" }).count()).toBeGreaterThan(0)
      expect(await log.getByRole("button", { name: "Edit" }).count()).toBe(0)
      await expect.poll(() => log.getByRole("button", { name: "Regenerate" }).count()).toBe(1)
      await saveScreenshot(page, `${adapter}-regenerate-offered`)
      await log.getByRole("button", { name: "Regenerate" }).click()
      await expect.poll(() => pickerText(page), { timeout: 20_000 }).toContain("2 / 2")
      await expect
        .poll(() => page.getByRole("button", { name: "Stop" }).count(), { timeout: 20_000 })
        .toBe(0)
      await expect
        .poll(async () => (await log.textContent()) ?? "", { timeout: 20_000 })
        .toContain("Take an umbrella")
      // Both questions once: the server answered the last one again, it was not sent anew.
      expect(await log.getByText("use the tool", { exact: true }).count()).toBe(1)
      await saveScreenshot(page, `${adapter}-regenerated`)
      await page.getByRole("button", { name: "Previous version" }).click()
      await expect.poll(() => pickerText(page), { timeout: 10_000 }).toContain("1 / 2")
      expect(await log.getByRole("button", { name: "Regenerate" }).count()).toBe(1)
    })
  },
)
