// Where the real-browser tests find Chromium, and the flags they launch it with. Shared by
// ensure-chromium.mjs (run first by `npm test`) and the consumer test's browser step.
import { existsSync } from "node:fs"

const candidates = [
  process.env.CHROMIUM_PATH,
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
  "/usr/bin/google-chrome-stable",
].filter(Boolean)

/** The first Chromium found: `$CHROMIUM_PATH`, then the usual system paths; or undefined. */
export const findChromium = () => candidates.find((path) => existsSync(path))

/** Flags that keep Chromium working in containers and on offline machines. */
export const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
]
