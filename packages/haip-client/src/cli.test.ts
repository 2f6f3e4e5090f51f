import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import {
  startRecordingServer,
  startTestServer,
  type TestServer,
  waitFor,
} from "@aichatkit/haip-server/testing"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

const bin = fileURLToPath(new URL("../bin/haip.js", import.meta.url))

interface Run {
  child: ChildProcessWithoutNullStreams
  stdout(): string
  stderr(): string
  exit: Promise<number | null>
}

function haip(args: string[]): Run {
  const child = spawn(process.execPath, [bin, ...args], {
    env: { ...process.env, HAIP_CLI_SOURCE: "1" },
  })
  let stdout = ""
  let stderr = ""
  child.stdout.on("data", (chunk) => {
    stdout += String(chunk)
  })
  child.stderr.on("data", (chunk) => {
    stderr += String(chunk)
  })
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)))
  return { child, stdout: () => stdout, stderr: () => stderr, exit }
}

let server: TestServer
beforeAll(async () => {
  server = await startTestServer()
})
afterAll(() => server.close())

describe("haip chat", () => {
  it("prints the streamed reply to each line and exits 0 at the end of input", async () => {
    const run = haip(["chat", "--url", server.url, "--token", "Bearer TOKEN", "--tool", "script"])
    run.child.stdin.write("whole\n")
    await waitFor(() => run.stdout().includes("a whole answer\n"), "the first reply", 15_000)
    run.child.stdin.write("stream 3\n")
    run.child.stdin.end()
    expect(await run.exit).toBe(0)
    expect(run.stdout()).toBe("a whole answer\n1 2 3 \n")
    expect(run.stderr()).toMatch(/Connected to/)
  }, 30_000)

  it("exits 3 when nothing listens at the URL", async () => {
    const closed = await startTestServer()
    await closed.close()
    const run = haip(["chat", "--url", closed.url, "--token", "Bearer TOKEN", "--tool", "script"])
    run.child.stdin.end()
    expect(await run.exit).toBe(3)
    expect(run.stderr()).toMatch(/CONNECTION_FAILED/)
  }, 30_000)

  it("exits 4 when the token is refused", async () => {
    const run = haip(["chat", "--url", server.url, "--token", "Bearer WRONG", "--tool", "script"])
    run.child.stdin.end()
    expect(await run.exit).toBe(4)
    expect(run.stderr()).toMatch(/AUTHENTICATION_FAILED/)
  }, 30_000)

  it("exits 5 for an unknown tool", async () => {
    const run = haip(["chat", "--url", server.url, "--token", "Bearer TOKEN", "--tool", "nope"])
    run.child.stdin.end()
    expect(await run.exit).toBe(5)
    expect(run.stderr()).toMatch(/TOOL_NOT_FOUND/)
  }, 30_000)

  it("exits 2 with the usage for missing options", async () => {
    const run = haip(["chat", "--url", server.url])
    expect(await run.exit).toBe(2)
    expect(run.stderr()).toMatch(/Usage:/)
  }, 30_000)
})

describe("haip chat against the reference server as recorded", () => {
  it("carries both recorded turns and exits 0", async () => {
    const recorded = await startRecordingServer(1)
    try {
      const run = haip([
        "chat",
        "--url",
        recorded.url,
        "--token",
        "Bearer TOKEN",
        "--tool",
        "pirate",
      ])
      run.child.stdin.write("hello\n")
      await waitFor(() => run.stdout().includes("Arr, turn 1: hello\n"), "the first reply", 15_000)
      run.child.stdin.write("second\n")
      run.child.stdin.end()
      expect(await run.exit).toBe(0)
      expect(run.stdout()).toBe("Arr, turn 1: hello\nArr, turn 2: second\n")
    } finally {
      await recorded.close()
    }
  }, 30_000)

  it("exits 4 on the recorded FAILED_AUTH, after one connection", async () => {
    const recorded = await startRecordingServer(2)
    try {
      const run = haip(["chat", "--url", recorded.url, "--token", "WRONG", "--tool", "pirate"])
      run.child.stdin.end()
      expect(await run.exit).toBe(4)
      expect(run.stderr()).toMatch(/AUTHENTICATION_FAILED/)
      expect(recorded.received).toHaveLength(1)
    } finally {
      await recorded.close()
    }
  }, 30_000)
})

describe("haip health", () => {
  it("prints the server's health and exits 0", async () => {
    const run = haip(["health", "--url", server.httpUrl])
    expect(await run.exit).toBe(0)
    expect(JSON.parse(run.stdout())).toMatchObject({ status: "ok" })
  }, 30_000)
})
