// The consumer test's browser step: the scratch app's `vite build` output, served on
// loopback, in headless Chromium. One streamed turn under <StrictMode> with zero console
// warnings or errors, and the host page's own colours the same with and without the library's
// stylesheet, in a light and a dark system colour scheme; and the README's adapter example
// failing the way a person can act on.
import { createReadStream, existsSync, statSync } from "node:fs"
import { createServer } from "node:http"
import { extname, join, normalize } from "node:path"
import { chromium } from "playwright-core"
import { chromiumArgs, findChromium } from "./chromium.mjs"

const contentTypes = {
  ".html": "text/html",
  ".js": "text/javascript",
  ".css": "text/css",
  ".svg": "image/svg+xml",
  ".json": "application/json",
}
const TURN_TIMEOUT_MS = 60_000

/** Serves a directory on 127.0.0.1, a port picked by the OS; resolves with its origin. */
function serveDirectory(directory) {
  const server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url, "http://x").pathname))
    let file = join(directory, path)
    if (!file.startsWith(directory) || !existsSync(file)) {
      response.writeHead(404).end()
      return
    }
    if (statSync(file).isDirectory()) file = join(file, "index.html")
    response.writeHead(200, { "content-type": contentTypes[extname(file)] ?? "text/plain" })
    createReadStream(file).pipe(response)
  })
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      resolve({ origin: `http://127.0.0.1:${server.address().port}`, close: () => server.close() })
    })
  })
}

/** The host page's own colours: what the library's stylesheet must leave alone. */
const readHostColours = (page) =>
  page.evaluate(() => {
    const html = getComputedStyle(document.documentElement)
    const body = getComputedStyle(document.body)
    const text = getComputedStyle(document.getElementById("host-text"))
    return {
      "html color-scheme": html.colorScheme,
      "body color": body.color,
      "body background-color": body.backgroundColor,
      "host text color": text.color,
    }
  })

async function hostColours(browser, origin, colorScheme, withStylesheet) {
  const context = await browser.newContext({ colorScheme })
  const page = await context.newPage()
  if (!withStylesheet) await page.route("**/*.css", (route) => route.abort())
  await page.goto(origin)
  await page.getByRole("textbox", { name: "Message" }).waitFor()
  const colours = await readHostColours(page)
  await context.close()
  return colours
}

async function checkHostColours(browser, origin) {
  for (const colorScheme of ["light", "dark"]) {
    const without = await hostColours(browser, origin, colorScheme, false)
    const withStylesheet = await hostColours(browser, origin, colorScheme, true)
    for (const [property, value] of Object.entries(without)) {
      if (withStylesheet[property] !== value) {
        throw new Error(
          `styles.css changes the host page (${colorScheme} system scheme): ${property} is ${withStylesheet[property]} instead of ${value}`,
        )
      }
    }
    console.log(
      `  host page colours unchanged by styles.css (${colorScheme}): ${JSON.stringify(without)}`,
    )
  }
}

async function checkStrictModeTurn(browser, origin) {
  const context = await browser.newContext()
  const page = await context.newPage()
  const problems = []
  page.on("console", (message) => {
    if (message.type() === "warning" || message.type() === "error") {
      problems.push(`console.${message.type()}: ${message.text()}`)
    }
  })
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`))
  await page.goto(origin)
  const input = page.getByRole("textbox", { name: "Message" })
  await input.waitFor()
  await input.fill("hello")
  await input.press("Enter")
  await page.waitForFunction(() => window.aichatkitRunsFinished.length > 0, null, {
    timeout: TURN_TIMEOUT_MS,
  })
  const statuses = await page.evaluate(() => window.aichatkitRunsFinished)
  const thread = (await page.getByRole("log").textContent()) ?? ""
  await context.close()
  if (statuses[0] !== "ok") throw new Error(`the turn finished with status ${statuses[0]}`)
  if (!thread.includes("hello") || thread.length < 40) {
    throw new Error(`the thread does not show the turn: ${JSON.stringify(thread.slice(0, 200))}`)
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, 5).join("\n    ")
    throw new Error(
      `${problems.length} console warnings/errors during one <StrictMode> turn, e.g.:\n    ${shown}`,
    )
  }
  console.log(
    `  one streamed turn under <StrictMode> (development build): ${thread.length} characters, 0 console warnings or errors`,
  )
}

/**
 * The root README's example against a server without its endpoint: the error banner says what
 * the server answered (not "Unexpected end of JSON input").
 */
async function checkReadmeExample(browser, origin) {
  const context = await browser.newContext()
  const page = await context.newPage()
  await page.goto(`${origin}/readme.html`)
  const input = page.getByRole("textbox", { name: "Message" })
  await input.waitFor()
  await input.fill("hello")
  await input.press("Enter")
  const alert = page.getByRole("alert").filter({ hasText: /\S/ })
  await alert.first().waitFor({ timeout: TURN_TIMEOUT_MS })
  const text = (await alert.first().textContent()) ?? ""
  await context.close()
  // The status is what a person can act on; a JSON parse error of the empty body is not.
  if (!text.includes("404")) {
    throw new Error(`the README's MyAdapter, with no backend, shows ${JSON.stringify(text)}`)
  }
  console.log(`  the README's MyAdapter with no backend shows: ${text}`)
}

/**
 * Runs the browser checks. `builds.production` is `vite build`'s output; the <StrictMode>
 * turn runs in `builds.development` (React's development build), since only that build runs
 * StrictMode's double renders and effects, and prints React's warnings.
 */
export async function checkInBrowser(builds) {
  const executablePath = findChromium()
  if (executablePath === undefined) {
    throw new Error("no Chromium: run `node scripts/ensure-chromium.mjs` or set CHROMIUM_PATH")
  }
  const production = await serveDirectory(builds.production)
  const development = await serveDirectory(builds.development)
  const browser = await chromium.launch({ executablePath, args: chromiumArgs, headless: true })
  const checks = [
    () => checkHostColours(browser, production.origin),
    () => checkStrictModeTurn(browser, development.origin),
    () => checkReadmeExample(browser, production.origin),
  ]
  // Every check runs even when one fails, so one run reports every problem.
  const failures = []
  try {
    for (const check of checks) await check().catch((error) => failures.push(error.message))
  } finally {
    await browser.close()
    production.close()
    development.close()
  }
  if (failures.length > 0) throw new Error(failures.join("\n"))
}

/**
 * The <StrictMode> turn alone, for the React 18 app: React 18 is in the packages' peer range,
 * and its StrictMode double-runs effects just as 19 does.
 */
export async function checkStrictModeTurnInBrowser(developmentBuild) {
  const executablePath = findChromium()
  if (executablePath === undefined) {
    throw new Error("no Chromium: run `node scripts/ensure-chromium.mjs` or set CHROMIUM_PATH")
  }
  const development = await serveDirectory(developmentBuild)
  const browser = await chromium.launch({ executablePath, args: chromiumArgs, headless: true })
  try {
    await checkStrictModeTurn(browser, development.origin)
  } finally {
    await browser.close()
    development.close()
  }
}
