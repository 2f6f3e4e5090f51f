/**
 * A voice message on HAIP in headless Chromium, with Chromium's fake microphone (a beeping
 * test tone) granted without a prompt: the composer's microphone records, the chunks stream to
 * the demo server as they are recorded, the demo agent answers with a generated tone and a
 * transcript, and the answer's audio plays to its end.
 */
import { createHash } from "node:crypto"
import type { Page } from "playwright-core"
import { describe, expect, it } from "vitest"
import { saveScreenshot, setUpStack } from "./harness.js"

const session = setUpStack({
  // For this file only: a fake microphone, granted without asking, and audio that may play.
  chromiumArgs: [
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
    "--autoplay-policy=no-user-gesture-required",
  ],
})

interface SentChunk {
  mime: string
  data: string
}

/** Every AUDIO_CHUNK the page sends over its HAIP WebSocket, in the order sent. */
function recordAudioFrames(page: Page): SentChunk[] {
  const sent: SentChunk[] = []
  page.on("websocket", (socket) => {
    socket.on("framesent", ({ payload }) => {
      if (typeof payload !== "string" || !payload.includes('"AUDIO_CHUNK"')) return
      const frame = JSON.parse(payload) as { type: string; payload: SentChunk }
      if (frame.type === "AUDIO_CHUNK") sent.push(frame.payload)
    })
  })
  return sent
}

describe("the playground on HAIP: a voice message", () => {
  it("records two seconds, streams the chunks in order, and plays the agent's spoken answer to its end", async () => {
    const { page, problems } = await session.newPage()
    const sent = recordAudioFrames(page)
    await page.goto(session.stack.playgroundUrl("haip"))
    const input = page.getByRole("textbox", { name: "Message" })
    await input.waitFor()
    await input.fill("typed before speaking")
    const mic = page.getByRole("button", { name: "Record a voice message" })
    await expect.poll(() => mic.isEnabled(), { timeout: 15_000 }).toBe(true)
    await mic.click()
    await expect.poll(() => mic.getAttribute("aria-pressed"), { timeout: 15_000 }).toBe("true")
    await expect.poll(() => page.locator(".aichatkit-voice-elapsed").count()).toBe(1)
    // Two seconds of 250 ms chunks: stop once eight were on the wire, not after a timer.
    await expect.poll(() => sent.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(8)
    await saveScreenshot(page, "haip-voice-recording")
    await mic.click()
    await expect.poll(() => mic.getAttribute("aria-pressed"), { timeout: 15_000 }).toBe("false")

    const answer = page.locator(".aichatkit-message--assistant").last()
    await expect
      .poll(() => answer.textContent(), { timeout: 30_000 })
      .toContain("I heard your voice message")
    const mime = sent[0]?.mime ?? ""
    expect(mime).toMatch(/^audio\/webm/)
    expect(sent.every((chunk) => chunk.mime === mime)).toBe(true)
    const bytes = sent.map((chunk) => Buffer.from(chunk.data, "base64"))
    const fingerprint = createHash("sha256").update(Buffer.concat(bytes)).digest("hex").slice(0, 12)
    // The server's fingerprint of what it heard, in the order heard, is that of what was sent.
    expect(await answer.textContent()).toContain(
      `${sent.length} chunks of ${mime}, ${(Buffer.concat(bytes).length / 1024).toFixed(1)} KB (fingerprint ${fingerprint})`,
    )
    const player = answer.locator(".aichatkit-audio")
    await expect.poll(() => player.getAttribute("data-state"), { timeout: 30_000 }).toBe("ended")
    expect(await page.locator(".aichatkit-audio--recorded").count()).toBe(1)
    expect(await input.inputValue()).toBe("typed before speaking")
    await saveScreenshot(page, "haip-voice-answer")
    expect(problems).toEqual([])
    await page.context().close()
  })
})
