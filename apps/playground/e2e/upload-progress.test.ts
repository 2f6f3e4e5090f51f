/**
 * Upload progress in the playground, in headless Chromium, over SSE (Haira), whose files go to
 * the demo server's /uploads through the playground's XMLHttpRequest uploader: with the upload
 * throttled, the sending message's file shows a progress bar that moves, then goes when the
 * file is up; an upload whose connection drops fails the turn with a sentence naming the file,
 * the text and the file stay on the message, and Retry uploads it again.
 */
import type { Page } from "playwright-core"
import { describe, expect, it } from "vitest"
import { type OpenedPage, saveScreenshot, setUpStack } from "./harness.js"

const session = setUpStack()

/** Four megabytes of a "scan": large enough that a throttled upload takes a few seconds. */
const scan = Buffer.alloc(4 * 1024 * 1024, 7)

const open = (): Promise<OpenedPage> => session.openPlayground("sse")

async function sendScan(page: Page, text: string): Promise<void> {
  await page.getByRole("button", { name: "Attach files" }).waitFor({ timeout: 15_000 })
  await page
    .locator('input[type="file"]')
    .setInputFiles({ name: "scan.bin", mimeType: "application/octet-stream", buffer: scan })
  const input = page.getByRole("textbox", { name: "Message" })
  await expect.poll(() => input.isEnabled(), { timeout: 15_000 }).toBe(true)
  await input.fill(text)
  await input.press("Enter")
}

describe("upload progress in the playground (Haira)", () => {
  it("shows a moving progress bar on the file while it uploads, gone once it is up", async () => {
    const { page, problems } = await open()
    const devtools = await page.context().newCDPSession(page)
    await devtools.send("Network.enable")
    // About 1 MB/s up: the 4 MB upload takes seconds, so its progress can be seen.
    await devtools.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: 1024 * 1024,
    })
    await sendScan(page, "Here is the scan.")
    const bar = page.getByRole("log").getByRole("progressbar", { name: "Uploading scan.bin" })
    await bar.waitFor({ timeout: 20_000 })
    const first = Number(await bar.getAttribute("value"))
    await expect
      .poll(async () => Number((await bar.getAttribute("value")) ?? 0), { timeout: 30_000 })
      .toBeGreaterThan(first)
    expect(await bar.getAttribute("max")).toBe("100")
    await saveScreenshot(page, "sse-upload-progress")
    await expect.poll(() => bar.count(), { timeout: 60_000 }).toBe(0)
    await expect
      .poll(() => page.getByRole("article", { name: "Assistant" }).count(), { timeout: 30_000 })
      .toBeGreaterThan(0)
    expect(problems).toEqual([])
    await page.context().close()
  })

  it("says which file could not be uploaded when the connection drops, keeps the message, and Retry sends it", async () => {
    const { page, problems } = await open()
    await page.route("**/uploads?**", (route) => route.abort("connectionreset"))
    await sendScan(page, "Keep this text.")
    const alert = page.getByText(/"scan\.bin" could not be uploaded/).first()
    await alert.waitFor({ timeout: 20_000 })
    const log = page.getByRole("log")
    expect(await log.getByText("Keep this text.").count()).toBe(1)
    expect(await log.getByText("scan.bin").count()).toBeGreaterThan(0)
    expect(await log.getByRole("progressbar").count()).toBe(0)
    await saveScreenshot(page, "sse-upload-dropped")
    await page.unroute("**/uploads?**")
    await page.getByRole("button", { name: "Retry" }).first().click()
    await expect
      .poll(() => page.getByRole("article", { name: "Assistant" }).count(), { timeout: 30_000 })
      .toBeGreaterThan(0)
    expect(await log.getByText("Keep this text.").count()).toBe(1)
    expect(problems).toEqual([])
    await page.context().close()
  })
})
