/**
 * The real-browser test harness: the demo server and the playground's Vite dev server on
 * loopback ports picked by the OS, and headless Chromium driven by playwright-core.
 */
import { existsSync, mkdirSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { createDemoServer, type DemoServer } from "@aichatkit/demo-server"
import { type Browser, chromium, type Page } from "playwright-core"
import { createServer, type ViteDevServer } from "vite"

const playgroundRoot = join(dirname(fileURLToPath(import.meta.url)), "..")
export const artifactsDir = join(playgroundRoot, "test-artifacts")

const chromiumCandidates = [
  process.env.CHROMIUM_PATH,
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
  "/usr/bin/google-chrome-stable",
]

/** The Chromium to drive, or a clear error saying how to get one. */
export function findChromium(): string {
  const found = chromiumCandidates.find((path) => path && existsSync(path))
  if (found) return found
  throw new Error(
    "No Chromium found for the real-browser tests. Run `node scripts/ensure-chromium.mjs` " +
      "(it installs Debian's chromium as root), install Chromium yourself, or set CHROMIUM_PATH.",
  )
}

/** Flags that keep Chromium quiet and working in a sandboxed, offline machine. */
export const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
]

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: findChromium(), args: chromiumArgs, headless: true })
}

/** The demo server plus the playground, both on loopback. */
export interface Stack {
  demo: DemoServer
  vite: ViteDevServer
  /** The playground's URL for one adapter, pointed at this stack's demo server. */
  playgroundUrl(adapter: string, extra?: Record<string, string>): string
  close(): Promise<void>
}

export async function startStack(options: { tokenDelayMs?: number } = {}): Promise<Stack> {
  const vite = await createServer({
    root: playgroundRoot,
    configFile: join(playgroundRoot, "vite.config.ts"),
    logLevel: "error",
    server: { host: "127.0.0.1", port: 0, strictPort: false, hmr: false },
  })
  await vite.listen()
  const address = vite.httpServer?.address()
  if (!address || typeof address === "string") throw new Error("Vite did not report its port.")
  const origin = `http://127.0.0.1:${address.port}`
  // The demo server answers browsers of the allowed origins only: this playground's.
  const demo = await createDemoServer({
    port: 0,
    tokenDelayMs: options.tokenDelayMs ?? 5,
    allowedOrigins: [origin],
  })
  return {
    demo,
    vite,
    playgroundUrl(adapter, extra = {}) {
      const query = new URLSearchParams({ adapter, server: demo.url, ...extra })
      return `${origin}/?${query}`
    },
    async close() {
      await vite.close()
      await demo.close()
    },
  }
}

/** Saves a screenshot under test-artifacts/, for a person to look at after the run. */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(artifactsDir, { recursive: true })
  await page.screenshot({ path: join(artifactsDir, `${name}.png`), fullPage: true })
}
