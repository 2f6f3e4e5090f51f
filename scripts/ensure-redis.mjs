#!/usr/bin/env node
// Makes sure a redis-server is there for the Redis session store tests, before any test runs.
// Order: $REDIS_SERVER_PATH, then redis-server on PATH and the usual places; if none is found
// and this is a Debian machine where we are root, install Debian's `redis-server` package
// (only the binary is used: the tests start their own on a free port); otherwise say what to do.
import { execFileSync } from "node:child_process"
import { accessSync, constants, existsSync } from "node:fs"
import { delimiter, join } from "node:path"

function found() {
  const directories = (process.env.PATH ?? "").split(delimiter).filter(Boolean)
  const candidates = [
    process.env.REDIS_SERVER_PATH,
    ...directories.map((directory) => join(directory, "redis-server")),
    "/usr/bin/redis-server",
    "/usr/local/bin/redis-server",
  ]
  return candidates.find((path) => {
    if (!path) return false
    try {
      accessSync(path, constants.X_OK)
      return true
    } catch {
      return false
    }
  })
}

if (found()) {
  console.log(`ensure-redis: using ${found()}`)
  process.exit(0)
}

const isRoot = typeof process.getuid === "function" && process.getuid() === 0
const hasApt = existsSync("/usr/bin/apt-get")

if (isRoot && hasApt) {
  console.log("ensure-redis: no redis-server found; installing Debian's redis-server package…")
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" }
  try {
    execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit", env })
    execFileSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", "redis-server"], {
      stdio: "inherit",
      env,
    })
  } catch (error) {
    console.error(`ensure-redis: apt-get failed (${error.message}).`)
  }
  if (found()) {
    console.log(`ensure-redis: installed ${found()}`)
    process.exit(0)
  }
}

console.error(`ensure-redis: the Redis session store tests need redis-server and none was found.
Install it, then run the tests again:
  Debian/Ubuntu:  sudo apt-get install -y redis-server
  macOS:          brew install redis
  elsewhere:      install Redis and set REDIS_SERVER_PATH=/path/to/redis-server`)
process.exit(1)
