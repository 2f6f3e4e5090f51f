/**
 * A real `redis-server` for tests, on 127.0.0.1 and a free port, with nothing saved to disk.
 * When no redis-server can be found, starting one fails and says how to get it: a test that
 * needs Redis never passes without one.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { accessSync, constants } from "node:fs"
import { createServer } from "node:net"
import { delimiter, join } from "node:path"

/** A started redis-server. */
export interface TestRedis {
  url: string
  port: number
  /** Stops it (all data is lost) and starts it again on the same port. */
  restart(): Promise<void>
  stop(): Promise<void>
}

const HOW_TO_GET_IT = `redis-server was not found. The Redis tests need a real one:
  this repository:  node scripts/ensure-redis.mjs   (installs Debian's redis-server as root)
  Debian/Ubuntu:    sudo apt-get install -y redis-server
  macOS:            brew install redis
  elsewhere:        install Redis and set REDIS_SERVER_PATH=/path/to/redis-server`

/** `$REDIS_SERVER_PATH`, then redis-server on PATH and the usual places; or undefined. */
export function findRedisServer(): string | undefined {
  const directories = (process.env.PATH ?? "").split(delimiter).filter(Boolean)
  const candidates = [
    process.env.REDIS_SERVER_PATH,
    ...directories.map((directory) => join(directory, "redis-server")),
    "/usr/bin/redis-server",
    "/usr/local/bin/redis-server",
    "/opt/homebrew/bin/redis-server",
  ]
  return candidates.find((path): path is string => path !== undefined && isExecutable(path))
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

async function freePort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve))
  const address = probe.address()
  await new Promise((resolve) => probe.close(resolve))
  return typeof address === "object" && address ? address.port : 0
}

function launch(binary: string, port: number): Promise<ChildProcess> {
  const child = spawn(
    binary,
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    { stdio: ["ignore", "pipe", "pipe"] },
  )
  return new Promise((resolve, reject) => {
    let output = ""
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes("Ready to accept connections")) {
        child.stdout?.off("data", onData)
        child.stdout?.resume()
        resolve(child)
      }
    }
    child.stdout?.on("data", onData)
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString()
    })
    child.once("error", reject)
    child.once("exit", (code) => {
      reject(new Error(`redis-server exited (${code}) before it was ready:\n${output}`))
    })
  })
}

function ended(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    child.once("exit", () => resolve())
    child.kill("SIGKILL")
  })
}

/** Starts a redis-server; rejects with how to install one when none is found. */
export async function startRedisServer(): Promise<TestRedis> {
  const binary = findRedisServer()
  if (!binary) throw new Error(HOW_TO_GET_IT)
  let port = await freePort()
  let child: ChildProcess | undefined
  // Another process may take the probed port before redis-server binds it: try a few.
  for (let attempt = 0; !child; attempt++) {
    try {
      child = await launch(binary, port)
    } catch (error) {
      if (attempt >= 3) throw error
      port = await freePort()
    }
  }
  let current = child
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async restart() {
      await ended(current)
      current = await launch(binary, port)
    },
    stop: () => ended(current),
  }
}
