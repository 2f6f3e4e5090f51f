import { getEventListeners } from "node:events"
import { describe, expect, it } from "vitest"
import { HAIPTool } from "./tool.js"
import { type FrameSink, Run, ServerTransaction } from "./transaction.js"
import type { HAIPOutgoingFrame, HAIPToolSchema } from "./types.js"

class SilentTool extends HAIPTool {
  schema(): HAIPToolSchema {
    return { name: "silent", description: "Test tool", inputSchema: { type: "string" } }
  }
  async handleMessage(): Promise<void> {}
}

/** A sink whose queue is full until `makeRoom()`; every wait then resolves. */
class FullSink implements FrameSink {
  readonly info = { id: "session-1", user: undefined }
  readonly frames: HAIPOutgoingFrame[] = []
  room = false
  private waiters: Array<() => void> = []

  enqueue(frame: HAIPOutgoingFrame): void {
    this.frames.push(frame)
  }
  hasRoom(): boolean {
    return this.room
  }
  waitForRoom(): Promise<void> {
    if (this.room) return Promise.resolve()
    return new Promise((resolve) => this.waiters.push(resolve))
  }
  makeRoom(): void {
    for (const resolve of this.waiters.splice(0)) resolve()
  }
}

function startRun(sink: FrameSink): Run {
  const transaction = new ServerTransaction("t-1", new SilentTool(), "silent", {})
  return new Run(sink, transaction, "run-1", { cancelGraceMs: 1000, onFinished: () => {} })
}

describe("Run.whenWritable", () => {
  it("leaves no abort listener behind after 1,000 waits that end with room", async () => {
    const sink = new FullSink()
    const run = startRun(sink)
    for (let index = 0; index < 1000; index++) {
      const wait = run.whenWritable()
      sink.makeRoom()
      await wait
    }
    expect(getEventListeners(run.signal, "abort")).toHaveLength(0)
  })

  it("leaves no abort listener behind after 1,000 waits with room at once", async () => {
    const sink = new FullSink()
    sink.room = true
    const run = startRun(sink)
    for (let index = 0; index < 1000; index++) await run.whenWritable()
    expect(getEventListeners(run.signal, "abort")).toHaveLength(0)
  })

  it("ends a wait on a full queue when the run is cancelled", async () => {
    const sink = new FullSink()
    const run = startRun(sink)
    const wait = run.whenWritable()
    expect(getEventListeners(run.signal, "abort")).toHaveLength(1)
    run.cancel()
    await wait
    expect(getEventListeners(run.signal, "abort")).toHaveLength(0)
    run.finish("CANCELLED")
    expect(sink.frames.at(-1)).toMatchObject({
      type: "RUN_FINISHED",
      payload: { run_id: "run-1", status: "CANCELLED" },
    })
  })
})
