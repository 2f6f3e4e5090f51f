/**
 * Files in the playground, in headless Chromium: an image and a PDF attached, sent with a
 * message and shown on it, over every wire (the in-memory agent, Haira over SSE and GraphQL,
 * whose files go to the demo server's /uploads first, and HAIP, base64 in the MESSAGE), the
 * agent's answer naming them,
 * and the agent's generated chart shown on each wire that carries agent files (Haira's image
 * component, HAIP's MESSAGE_START attachments, GraphQL's items), with screenshots.
 */
import { CHART_NAME } from "@aichatkit/testing"
import type { Page } from "playwright-core"
import { describe, expect, it } from "vitest"
import { saveScreenshot, setUpStack } from "./harness.js"

const session = setUpStack()

/** A 16×16 red PNG. */
const png = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAFklEQVR42mO4YGBAEmIY1TCqYfhqAAA+XjAQecrJFAAAAABJRU5ErkJggg==",
  "base64",
)
const pdf = Buffer.from("%PDF-1.4\n% aichatkit\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n")

async function open(
  adapter: string,
): Promise<{ page: Page; problems: string[]; uploads: string[] }> {
  const { page, problems } = await session.openPlayground(adapter)
  const uploads: string[] = []
  page.on("request", (request) => {
    if (request.method() === "POST" && new URL(request.url()).pathname === "/uploads") {
      uploads.push(new URL(request.url()).searchParams.get("name") ?? "")
    }
  })
  return { page, problems, uploads }
}

async function sendFiles(page: Page, text: string): Promise<void> {
  await page.getByRole("button", { name: "Attach files" }).waitFor({ timeout: 15_000 })
  await page.locator('input[type="file"]').setInputFiles([
    { name: "red-square.png", mimeType: "image/png", buffer: png },
    { name: "itinerary.pdf", mimeType: "application/pdf", buffer: pdf },
  ])
  const previews = page.getByRole("list", { name: "Files to send" })
  await expect.poll(() => previews.getByRole("listitem").count(), { timeout: 15_000 }).toBe(2)
  const input = page.getByRole("textbox", { name: "Message" })
  await expect.poll(() => input.isEnabled(), { timeout: 15_000 }).toBe(true)
  await input.fill(text)
  await input.press("Enter")
  await expect.poll(() => input.inputValue(), { timeout: 15_000 }).toBe("")
}

async function expectFilesOnMessage(page: Page): Promise<void> {
  const log = page.getByRole("log")
  const image = log.getByRole("img", { name: "red-square.png" })
  await image.waitFor({ timeout: 15_000 })
  // The image really loaded (a blob: URL of the bytes picked), in its reserved box.
  await expect
    .poll(() => image.evaluate((element) => (element as HTMLImageElement).naturalWidth), {
      timeout: 15_000,
    })
    .toBe(16)
  // Polled like the load. A loaded run once read 0 here: the server's copy of the message (HAIP
  // echoes it under its own id) rebuilt the row, and the read landed on the detached image. The
  // row is kept now (packages/ui's MessageList.server-copy.test.tsx).
  await expect
    .poll(() => image.evaluate((element) => element.getBoundingClientRect().height), {
      timeout: 15_000,
    })
    .toBe(180)
  const chip = log.getByRole("link", { name: /itinerary\.pdf/ })
  expect(await chip.getAttribute("download")).toBe("itinerary.pdf")
  expect(await page.getByRole("list", { name: "Files to send" }).count()).toBe(0)
  // The agent answers the message, naming the files it received.
  await expect
    .poll(() => page.getByRole("button", { name: "Stop" }).count(), { timeout: 20_000 })
    .toBe(0)
  const answer = log.getByRole("article", { name: "Assistant" }).first()
  await expect
    .poll(() => answer.textContent(), { timeout: 15_000 })
    .toContain("I received 2 files: red-square.png (image/png), itinerary.pdf (application/pdf).")
}

describe("sending files from the playground", () => {
  it("sends an image and a PDF to the in-memory agent and shows them on the message", async () => {
    const { page, problems } = await open("memory")
    await sendFiles(page, "What is in these?")
    await expectFilesOnMessage(page)
    await saveScreenshot(page, "memory-attachments")
    await page.getByRole("button", { name: "Open image red-square.png" }).click()
    const dialog = page.getByRole("dialog", { name: "red-square.png" })
    await dialog.waitFor()
    await saveScreenshot(page, "memory-attachments-lightbox")
    await page.keyboard.press("Escape")
    await expect.poll(() => dialog.count()).toBe(0)
    expect(problems).toEqual([])
  })

  it("sends an image and a PDF over SSE (Haira), uploading them to the demo server first", async () => {
    const { page, problems, uploads } = await open("sse")
    await sendFiles(page, "Here are my files.")
    await expectFilesOnMessage(page)
    expect(uploads.sort()).toEqual(["itinerary.pdf", "red-square.png"])
    await saveScreenshot(page, "sse-attachments")
    expect(problems).toEqual([])
  })

  it("sends an image and a PDF over HAIP, base64 in the MESSAGE payload", async () => {
    const { page, problems } = await open("haip")
    await sendFiles(page, "Here, over HAIP.")
    await expectFilesOnMessage(page)
    await saveScreenshot(page, "haip-attachments")
    expect(problems).toEqual([])
  })

  it("sends an image and a PDF over GraphQL, uploaded first, their links in continueChat's files", async () => {
    const { page, problems, uploads } = await open("apollo")
    await sendFiles(page, "Here, over GraphQL.")
    await expectFilesOnMessage(page)
    expect(uploads.sort()).toEqual(["itinerary.pdf", "red-square.png"])
    await saveScreenshot(page, "apollo-attachments")
    expect(problems).toEqual([])
  })
})

describe("images the agent sends, in the playground", () => {
  it.each([
    ["sse", "Haira: a tool_render image component"],
    ["haip", "HAIP: base64 in MESSAGE_START's attachments"],
    ["apollo", "GraphQL: the attachments of an item"],
  ])("shows the demo agent's chart over %s (%s)", async (adapter) => {
    const { page, problems } = await open(adapter)
    const input = page.getByRole("textbox", { name: "Message" })
    await expect.poll(() => input.isEnabled(), { timeout: 15_000 }).toBe(true)
    await input.fill("Draw me a chart")
    await input.press("Enter")
    const log = page.getByRole("log")
    const chart = log.getByRole("img", { name: CHART_NAME })
    await chart.waitFor({ timeout: 20_000 })
    // The SVG really loaded as an image (240 px wide), in the box reserved for it.
    await expect
      .poll(() => chart.evaluate((element) => (element as HTMLImageElement).naturalWidth), {
        timeout: 15_000,
      })
      .toBe(240)
    await expect
      .poll(() => chart.evaluate((element) => element.getBoundingClientRect().height), {
        timeout: 15_000,
      })
      .toBe(180)
    expect(await log.locator("svg rect").count()).toBe(0)
    await expect
      .poll(() => page.getByRole("button", { name: "Stop" }).count(), { timeout: 20_000 })
      .toBe(0)
    await saveScreenshot(page, `${adapter}-agent-chart`)
    expect(problems).toEqual([])
  })
})
