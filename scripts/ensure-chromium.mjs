#!/usr/bin/env node
// Makes sure a Chromium is there for the real-browser tests, before any test runs.
// Order: $CHROMIUM_PATH, then the usual system paths; if none is found and this is a Debian
// machine where we are root, install Debian's `chromium` package; otherwise say what to do.
import { execFileSync } from "node:child_process"
import { existsSync } from "node:fs"
import { findChromium as found } from "./chromium.mjs"

if (found()) {
  console.log(`ensure-chromium: using ${found()}`)
  process.exit(0)
}

const isRoot = typeof process.getuid === "function" && process.getuid() === 0
const hasApt = existsSync("/usr/bin/apt-get")

if (isRoot && hasApt) {
  console.log("ensure-chromium: no Chromium found; installing Debian's chromium package…")
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" }
  try {
    execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit", env })
    execFileSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", "chromium"], {
      stdio: "inherit",
      env,
    })
  } catch (error) {
    console.error(`ensure-chromium: apt-get failed (${error.message}).`)
  }
  if (found()) {
    console.log(`ensure-chromium: installed ${found()}`)
    process.exit(0)
  }
}

console.error(`ensure-chromium: the real-browser tests need Chromium and none was found.
Install one, then run the tests again:
  Debian/Ubuntu:  sudo apt-get install -y chromium
  macOS:          brew install --cask chromium
  elsewhere:      install Chromium or Chrome and set CHROMIUM_PATH=/path/to/chrome`)
process.exit(1)
