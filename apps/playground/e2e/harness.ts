/**
 * The real-browser test harness: the demo server and the playground's Vite dev server on
 * loopback ports picked by the OS, and headless Chromium driven by playwright-core.
 */
import { existsSync, mkdirSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { createDemoServer, type DemoServer } from "@aichatkit/demo-server"
import { type Browser, type BrowserContextOptions, chromium, type Page } from "playwright-core"
import { createServer, type ViteDevServer } from "vite"
import { afterAll, beforeAll } from "vitest"

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

/** Headless Chromium with {@link chromiumArgs}, plus `extraArgs` (a fake microphone, say). */
export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: findChromium(),
    args: [...chromiumArgs, ...extraArgs],
    headless: true,
  })
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

/** A page of its own and the messages of the errors it left uncaught, in order. */
export interface OpenedPage {
  page: Page
  /** Uncaught page errors: a test that expects none asserts this stays empty. */
  problems: string[]
}

/** The stack and the browser one test file shares; {@link setUpStack} makes it. */
export interface StackSession {
  /** The demo server and the playground (from the file's `beforeAll` on). */
  readonly stack: Stack
  /** The browser (from the file's `beforeAll` on). */
  readonly browser: Browser
  /** A page in a context of its own, 1100×760 unless `options` say otherwise. */
  newPage(options?: BrowserContextOptions): Promise<OpenedPage>
  /** A new page on the playground for `adapter`, once its message box is there. */
  openPlayground(adapter: string): Promise<OpenedPage>
}

/**
 * Starts the stack and Chromium before the calling file's tests and closes both after them:
 * call it once at the top of a test file.
 */
export function setUpStack(
  options: { tokenDelayMs?: number; chromiumArgs?: readonly string[] } = {},
): StackSession {
  let stack: Stack | undefined
  let browser: Browser | undefined
  beforeAll(async () => {
    stack = await startStack({ tokenDelayMs: options.tokenDelayMs ?? 5 })
    browser = await launchChromium(options.chromiumArgs)
  })
  afterAll(async () => {
    await browser?.close()
    await stack?.close()
  })
  const started = <Value>(value: Value | undefined): Value => {
    if (value === undefined)
      throw new Error("setUpStack: the stack starts in beforeAll, not before.")
    return value
  }
  const session: StackSession = {
    get stack() {
      return started(stack)
    },
    get browser() {
      return started(browser)
    },
    async newPage(contextOptions = { viewport: { width: 1100, height: 760 } }) {
      const page = await (await session.browser.newContext(contextOptions)).newPage()
      const problems: string[] = []
      page.on("pageerror", (error) => problems.push(error.message))
      return { page, problems }
    },
    async openPlayground(adapter) {
      const opened = await session.newPage()
      await opened.page.goto(session.stack.playgroundUrl(adapter))
      await opened.page.getByRole("textbox", { name: "Message" }).waitFor()
      return opened
    },
  }
  return session
}
