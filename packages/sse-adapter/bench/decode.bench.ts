/**
 * Decode throughput of the SSE adapter's stream decoder (bytes → SSE events → ChatEvents)
 * against the bare `eventsource-parser` (bytes → SSE events) on the same input, and heap
 * use while decoding a 50 MB stream. Prints figures; asserts nothing.
 *
 *   npm run bench -w @aichatkit/sse-adapter
 */
import { createParser } from "eventsource-parser"
import { createStreamDecoder } from "../src/decode.js"
import { dialects } from "../src/dialects/index.js"
import type { SSEDialect } from "../src/types.js"

const CHUNK_BYTES = 16 * 1024
const RUNS = 9
const encoder = new TextEncoder()
const words = [
  "The ",
  "quick ",
  "brown ",
  "fox ",
  "jumps ",
  "over ",
  "the ",
  "lazy ",
  "dög ",
  "🦊 ",
]

/** One event of each kind, cycling; `tokenChars` sets the size of a text delta. */
function haira(index: number, tokenChars: number): string {
  const token = words[index % words.length]!.repeat(Math.max(1, Math.round(tokenChars / 5)))
  if (index % 200 === 199) {
    return `event: tool_start\ndata: {"tool":"weather","args":"{\\"city\\":\\"Oslo\\"}"}\n\nevent: tool_end\ndata: {"tool":"weather","ok":true,"result":{"c":3}}\n\n`
  }
  return `id: run:${index}\nevent: delta\ndata: ${JSON.stringify({ delta: token })}\n\n`
}

function aiSdk(index: number, tokenChars: number): string {
  const token = words[index % words.length]!.repeat(Math.max(1, Math.round(tokenChars / 5)))
  const start =
    index === 0 ? 'data: {"type":"start"}\n\ndata: {"type":"text-start","id":"t"}\n\n' : ""
  return `${start}data: ${JSON.stringify({ type: "text-delta", id: "t", delta: token })}\n\n`
}

/** A stream of about `megabytes` MB, as network-sized chunks. */
function build(
  event: (index: number, tokenChars: number) => string,
  megabytes: number,
  tokenChars: number,
) {
  const target = megabytes * 1024 * 1024
  const parts: string[] = []
  let size = 0
  for (let index = 0; size < target; index++) {
    const text = event(index, tokenChars)
    parts.push(text)
    size += text.length
  }
  const bytes = encoder.encode(parts.join(""))
  const chunks: Uint8Array[] = []
  for (let at = 0; at < bytes.length; at += CHUNK_BYTES)
    chunks.push(bytes.subarray(at, at + CHUNK_BYTES))
  return { chunks, bytes: bytes.length }
}

function bareParser(chunks: Uint8Array[]): number {
  let events = 0
  const text = new TextDecoder()
  const parser = createParser({
    onEvent: () => {
      events += 1
    },
  })
  for (const chunk of chunks) parser.feed(text.decode(chunk, { stream: true }))
  return events
}

/** The adapter's decoder for one turn, counting the ChatEvents it gives. */
function countingDecoder(dialect: SSEDialect<unknown>) {
  const counter = { events: 0 }
  const decoder = createStreamDecoder({
    dialect,
    state: dialect.createState({ agentId: "a", runId: "r", now: () => "T" }),
    onEvent: () => {
      counter.events += 1
    },
  })
  return { decoder, counter }
}

function adapterDecoder(dialect: SSEDialect<unknown>, chunks: Uint8Array[]): number {
  const { decoder, counter } = countingDecoder(dialect)
  for (const chunk of chunks) decoder.push(chunk)
  decoder.end()
  return counter.events
}

/**
 * The best of `RUNS` rounds for each, parser and decoder alternating so both see the same
 * machine load: on a shared machine, the fastest run is the one least disturbed.
 */
function compare(bytes: number, parser: () => number, decoder: () => number): [number, number] {
  parser()
  decoder()
  let parserBest = Number.POSITIVE_INFINITY
  let decoderBest = Number.POSITIVE_INFINITY
  for (let round = 0; round < RUNS; round++) {
    let start = performance.now()
    parser()
    parserBest = Math.min(parserBest, performance.now() - start)
    start = performance.now()
    decoder()
    decoderBest = Math.min(decoderBest, performance.now() - start)
  }
  const rate = (ms: number) => bytes / 1024 / 1024 / (ms / 1000)
  return [rate(parserBest), rate(decoderBest)]
}

console.log(`Decode throughput (best of ${RUNS} alternating runs, 16 KiB chunks)\n`)
console.log(
  "stream                               size    parser MB/s  decoder MB/s  parser/decoder",
)
const cases: Array<
  [string, SSEDialect<unknown>, (index: number, tokenChars: number) => string, number]
> = [
  ["haira, token deltas (~5 chars)", dialects.haira as SSEDialect<unknown>, haira, 5],
  ["haira, sentence deltas (~80 chars)", dialects.haira as SSEDialect<unknown>, haira, 80],
  ["haira, large deltas (~8 KB)", dialects.haira as SSEDialect<unknown>, haira, 8000],
  ["ai-sdk, token deltas (~5 chars)", dialects["ai-sdk"] as SSEDialect<unknown>, aiSdk, 5],
  ["ai-sdk, sentence deltas (~80 chars)", dialects["ai-sdk"] as SSEDialect<unknown>, aiSdk, 80],
]
for (const [name, dialect, event, tokenChars] of cases) {
  const { chunks, bytes } = build(event, 20, tokenChars)
  const [parser, decoder] = compare(
    bytes,
    () => bareParser(chunks),
    () => adapterDecoder(dialect, chunks),
  )
  console.log(
    `${name.padEnd(36)} ${(bytes / 1024 / 1024).toFixed(0).padStart(3)} MB ${parser.toFixed(0).padStart(11)} ${decoder
      .toFixed(0)
      .padStart(13)} ${(parser / decoder).toFixed(2).padStart(14)}×`,
  )
}

// Memory: 50 MB generated and decoded chunk by chunk, so only the decoder holds anything.
const gc = (globalThis as { gc?: () => void }).gc
const heap = () => {
  gc?.()
  return process.memoryUsage().heapUsed / 1024 / 1024
}
console.log(
  `\nHeap while decoding a 50 MB haira stream${gc ? "" : " (run with --expose-gc for exact figures)"}`,
)
const { decoder, counter } = countingDecoder(dialects.haira as SSEDialect<unknown>)
const samples: number[] = [heap()]
let fed = 0
let pending = ""
for (let index = 0, mark = 10; fed < 50 * 1024 * 1024; index++) {
  pending += haira(index, 20)
  if (pending.length < CHUNK_BYTES) continue
  const chunk = encoder.encode(pending)
  pending = ""
  decoder.push(chunk)
  fed += chunk.length
  if (fed >= mark * 1024 * 1024) {
    samples.push(heap())
    mark += 10
  }
}
decoder.push(encoder.encode(`${pending}event: done\ndata: [DONE]\n\n`))
decoder.end()
samples.push(heap())
console.log(
  `  decoded ${(fed / 1024 / 1024).toFixed(0)} MB, ${counter.events} ChatEvents, finished: ${decoder.finished}`,
)
console.log(
  `  heap MB at 0, 10, 20, 30, 40, 50 MB, end: ${samples.map((mb) => mb.toFixed(1)).join(", ")}`,
)
console.log(`  growth from start to end: ${(samples.at(-1)! - samples[0]!).toFixed(1)} MB`)
