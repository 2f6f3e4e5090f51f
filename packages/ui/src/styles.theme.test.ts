// @vitest-environment node
/**
 * The stylesheet in real Chromium: the theme set on <html>, on a container or by the system's
 * preference gives the chat the right colours, and the host page's own colours stay as they
 * were without the stylesheet.
 */
import { readFileSync } from "node:fs"
import type { Browser, Page } from "playwright"
import { chromium as chromiumLauncher } from "playwright"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

const read = (path: string) => readFileSync(new URL(path, import.meta.url), "utf8")
/** styles.css with its @import inlined, as `npm run build` ships it. */
const stylesheet = read("./styles.css").replace(/^@import\s+"\.\/items\/items\.css";$/m, () =>
  read("./items/items.css"),
)

const light = { bg: "rgb(255, 255, 255)", fg: "rgb(27, 29, 33)" }
const dark = { bg: "rgb(21, 23, 27)", fg: "rgb(231, 233, 237)" }

const body = `
  <p id="host-text">The host page</p>
  <input id="host-input" value="host" />
  <div class="aichatkit-chat-view" id="plain">
    <div class="aichatkit-message aichatkit-message--assistant"><div class="aichatkit-message-bubble">hi</div></div>
  </div>
  <section data-aichatkit-theme="dark">
    <input id="host-input-in-dark" value="host" />
    <div class="aichatkit-chat-view" id="in-dark"></div>
    <div data-aichatkit-theme="light"><div class="aichatkit-chat-view" id="light-in-dark"></div></div>
  </section>
  <section data-aichatkit-theme="light"><div class="aichatkit-chat-view" id="in-light"></div></section>
  <div class="aichatkit-chat-view mine" id="overridden"><div class="aichatkit-card" id="overridden-card"></div></div>
`

function page(withStylesheet: boolean, htmlTheme?: "light" | "dark"): string {
  const theme = htmlTheme ? ` data-aichatkit-theme="${htmlTheme}"` : ""
  const css = withStylesheet
    ? `<style>${stylesheet}</style><style>.mine { --aichatkit-bg: rgb(1, 2, 3); }</style>`
    : ""
  return `<!doctype html><html${theme}><head>${css}</head><body>${body}</body></html>`
}

/** Computed colours of the chats and of the host page's own elements. */
async function colours(target: Page) {
  return target.evaluate(() => {
    const style = (selector: string) => getComputedStyle(document.querySelector(selector)!)
    const chat = (id: string) => ({ bg: style(id).backgroundColor, fg: style(id).color })
    const host = (selector: string) => {
      const computed = style(selector)
      return `${computed.color} ${computed.backgroundColor} ${computed.colorScheme}`
    }
    return {
      plain: chat("#plain"),
      bubble: style("#plain .aichatkit-message-bubble").backgroundColor,
      inDark: chat("#in-dark"),
      lightInDark: chat("#light-in-dark"),
      inLight: chat("#in-light"),
      overridden: style("#overridden").backgroundColor,
      overriddenCard: style("#overridden-card").backgroundColor,
      host: ["html", "body", "#host-text", "#host-input", "#host-input-in-dark"].map(host),
    }
  })
}

let browser: Browser

beforeAll(async () => {
  // The same Chromium and flags as the story tests (vitest.config.ts).
  browser = await chromiumLauncher.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
    ],
    headless: true,
  })
})

afterAll(async () => {
  await browser?.close()
})

async function coloursFor(system: "light" | "dark", htmlTheme?: "light" | "dark") {
  const context = await browser.newContext({ colorScheme: system })
  try {
    const target = await context.newPage()
    await target.setContent(page(false, htmlTheme))
    const { host: hostWithout } = await colours(target)
    await target.setContent(page(true, htmlTheme))
    return { hostWithout, ...(await colours(target)) }
  } finally {
    await context.close()
  }
}

describe("styles.css in Chromium", () => {
  it("follows a light system, while forced themes on containers hold", async () => {
    const result = await coloursFor("light")
    expect(result.plain).toEqual(light)
    expect(result.bubble).toBe("rgb(241, 243, 246)")
    expect(result.inDark).toEqual(dark)
    expect(result.lightInDark).toEqual(light)
    expect(result.inLight).toEqual(light)
    expect(result.host).toEqual(result.hostWithout)
  })

  it("follows a dark system, and a light container still forces light", async () => {
    const result = await coloursFor("dark")
    expect(result.plain).toEqual(dark)
    expect(result.bubble).toBe("rgb(34, 37, 43)")
    expect(result.inDark).toEqual(dark)
    expect(result.lightInDark).toEqual(light)
    expect(result.inLight).toEqual(light)
    // A light-only host page keeps its dark-on-white text and light inputs.
    expect(result.host).toEqual(result.hostWithout)
  })

  it("takes the theme from <html>", async () => {
    const forcedDark = await coloursFor("light", "dark")
    expect(forcedDark.plain).toEqual(dark)
    expect(forcedDark.inLight).toEqual(light)
    expect(forcedDark.host).toEqual(forcedDark.hostWithout)
    const forcedLight = await coloursFor("dark", "light")
    expect(forcedLight.plain).toEqual(light)
    expect(forcedLight.inDark).toEqual(dark)
    expect(forcedLight.host).toEqual(forcedLight.hostWithout)
  })

  it("lets the app override a colour on the chat's element for every part inside", async () => {
    const result = await coloursFor("dark")
    expect(result.overridden).toBe("rgb(1, 2, 3)")
    expect(result.overriddenCard).toBe("rgb(1, 2, 3)")
  })

  it("makes rename and delete at least 24×24 px, and 44×44 px on touch screens", async () => {
    const sizes = async (touch: boolean) => {
      const context = await browser.newContext(touch ? { isMobile: true, hasTouch: true } : {})
      try {
        const target = await context.newPage()
        await target.setContent(
          `<style>${stylesheet}</style><div class="aichatkit-conversation-list"><button class="aichatkit-icon-button" aria-label="Delete">✕</button></div>`,
        )
        return await target.evaluate(() => {
          const box = document.querySelector(".aichatkit-icon-button")!.getBoundingClientRect()
          return {
            width: box.width,
            height: box.height,
            coarse: matchMedia("(pointer: coarse)").matches,
          }
        })
      } finally {
        await context.close()
      }
    }
    const mouse = await sizes(false)
    expect(mouse.width).toBeGreaterThanOrEqual(24)
    expect(mouse.height).toBeGreaterThanOrEqual(24)
    const touch = await sizes(true)
    expect(touch.coarse).toBe(true)
    expect(touch.width).toBeGreaterThanOrEqual(44)
    expect(touch.height).toBeGreaterThanOrEqual(44)
  })

  it("writes no rule for :root, html or body and no light-dark()", () => {
    const rules = stylesheet.replace(/\/\*[\s\S]*?\*\//g, "")
    expect(rules).not.toMatch(/(^|[\s,}]):root\b/)
    expect(rules).not.toMatch(/(^|[\s,}])(html|body)\s*[{,]/)
    expect(rules).not.toMatch(/light-dark\(/)
  })
})
