/**
 * What the wire tap costs an adapter: `tapWire` called once per frame with nobody observing
 * (the normal case: no devtools), against the same loop without the call, and with one
 * observer. Time per frame and heap allocated per frame. Prints figures; asserts nothing.
 *
 *   npm run bench -w @aichatkit/network-adapter
 */
import type { ChatResponse, ChatResponseItem } from "@aichatkit/types"
import { NetworkAdapter } from "../src/network-adapter.js"

const FRAMES = 5_000_000
const RUNS = 7

class BenchAdapter extends NetworkAdapter {
  async startChatAgent(): Promise<string> {
    return "agent"
  }
  async sendMessage(): Promise<ChatResponse> {
    return { items: [], conversationId: "agent" }
  }
  async getConversationItems(): Promise<ChatResponseItem[]> {
    return []
  }
  async clearConversationHistory(): Promise<void> {}
  async stopChatAgent(): Promise<void> {}

  /** The work an adapter does per frame (a length sum stands for decoding), tapped or not. */
  frames(frame: string, tapped: boolean): number {
    let total = 0
    for (let index = 0; index < FRAMES; index++) {
      if (tapped) this.tapWire("in", "sse", frame, "agent")
      total += frame.length
    }
    return total
  }
}

const gc = (globalThis as { gc?: () => void }).gc

function measure(label: string, run: () => number): void {
  const times: number[] = []
  const bytes: number[] = []
  for (let attempt = 0; attempt < RUNS; attempt++) {
    gc?.()
    const heapBefore = process.memoryUsage().heapUsed
    const started = process.hrtime.bigint()
    run()
    times.push(Number(process.hrtime.bigint() - started) / FRAMES)
    bytes.push((process.memoryUsage().heapUsed - heapBefore) / FRAMES)
  }
  times.sort((a, b) => a - b)
  bytes.sort((a, b) => a - b)
  const median = (values: number[]) => values[Math.floor(values.length / 2)] as number
  console.log(
    `${label.padEnd(34)} ${median(times).toFixed(2).padStart(6)} ns/frame  ${median(bytes).toFixed(3).padStart(7)} B heap/frame`,
  )
}

if (!gc) console.log("(run with --expose-gc for the heap figures)")
const adapter = new BenchAdapter()
const frame = 'event: delta\ndata: {"delta":"token"}\n\n'
measure("no tap call (before)", () => adapter.frames(frame, false))
measure("tapWire, nobody observing", () => adapter.frames(frame, true))
let seen = 0
const stop = adapter.observeWire(() => {
  seen += 1
})
measure("tapWire, one observer", () => adapter.frames(frame, true))
stop()
measure("tapWire, observer gone again", () => adapter.frames(frame, true))
console.log(`(${seen} frames observed)`)
