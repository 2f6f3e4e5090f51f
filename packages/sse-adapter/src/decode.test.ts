import type { ChatEvent } from "@aichatkit/types"
import { describe, expect, it } from "vitest"
import { createStreamDecoder } from "./decode.js"
import { dialects } from "./dialects/index.js"
import type { SSEDialect } from "./types.js"

const context = { agentId: "a", runId: "r", now: () => "T" }

/** One stream per dialect, with multi-byte text so splits land inside characters too. */
const streams: Record<keyof typeof dialects, string> = {
  haira: [
    'event: delta\ndata: {"delta":"Grüße "}\n\n',
    'id: 7\nevent: delta\ndata: {"delta":"aus 🌍 Köln"}\n\n',
    'event: tool_start\ndata: {"tool":"weather","args":"{\\"city\\":\\"Köln\\"}"}\n\n',
    'event: tool_end\ndata: {"tool":"weather","ok":true,"result":"☔"}\n\n',
    'event: tool_render\ndata: {"tool":"w","component":"table","props":{"rows":[["ä","ö"]]}}\n\n',
    "event: done\ndata: [DONE]\n\n",
  ].join(""),
  "ai-sdk": [
    'data: {"type":"start"}\n\n',
    'data: {"type":"text-start","id":"t"}\n\n',
    'data: {"type":"text-delta","id":"t","delta":"Grüße 🌍"}\n\n',
    'data: {"type":"text-end","id":"t"}\n\n',
    'data: {"type":"reasoning-start","id":"r1"}\n\n',
    'data: {"type":"reasoning-delta","id":"r1","delta":"hmm…"}\n\n',
    'data: {"type":"reasoning-end","id":"r1"}\n\n',
    'data: {"type":"tool-input-start","toolCallId":"c","toolName":"w"}\n\n',
    'data: {"type":"tool-input-available","toolCallId":"c","toolName":"w","input":{"q":"ü"}}\n\n',
    'data: {"type":"tool-output-available","toolCallId":"c","output":{"ok":true}}\n\n',
    'data: {"type":"finish"}\n\n',
    "data: [DONE]\n\n",
  ].join(""),
  "ag-ui": [
    'data: {"type":"RUN_STARTED","threadId":"t","runId":"x"}\n\n',
    'data: {"type":"TEXT_MESSAGE_START","messageId":"m","role":"assistant"}\n\n',
    'data: {"type":"TEXT_MESSAGE_CONTENT","messageId":"m","delta":"Grüße 🌍"}\n\n',
    'data: {"type":"TEXT_MESSAGE_END","messageId":"m"}\n\n',
    'data: {"type":"TOOL_CALL_START","toolCallId":"c","toolCallName":"w"}\n\n',
    'data: {"type":"TOOL_CALL_ARGS","toolCallId":"c","delta":"{\\"q\\":\\"ü\\"}"}\n\n',
    'data: {"type":"TOOL_CALL_END","toolCallId":"c"}\n\n',
    'data: {"type":"TOOL_CALL_RESULT","messageId":"n","toolCallId":"c","content":"42"}\n\n',
    'data: {"type":"RUN_FINISHED","threadId":"t","runId":"x"}\n\n',
  ].join(""),
}

function decode<State>(
  dialect: SSEDialect<State>,
  chunks: Array<Uint8Array | string>,
  maxEventBytes?: number,
) {
  const events: ChatEvent[] = []
  const decoder = createStreamDecoder({
    dialect,
    state: dialect.createState(context),
    onEvent: (event) => events.push(event),
    ...(maxEventBytes === undefined ? {} : { maxEventBytes }),
  })
  for (const chunk of chunks) decoder.push(chunk)
  decoder.end()
  return { events, decoder }
}

const bytes = (text: string) => new TextEncoder().encode(text)

describe.each(Object.keys(streams) as Array<keyof typeof dialects>)("the %s stream", (name) => {
  const dialect: SSEDialect<unknown> = dialects[name]
  const whole = bytes(streams[name])
  const reference = decode(dialect, [whole]).events

  it("decodes to a finished turn with no errors", () => {
    expect(reference.at(-1)).toMatchObject({ type: "run-finished", status: "ok" })
    expect(reference.filter((event) => event.type === "error")).toEqual([])
    expect(JSON.stringify(reference)).toContain("Grüße")
  })

  it("gives the same events when split at every byte boundary", () => {
    for (let cut = 0; cut <= whole.length; cut++) {
      const { events } = decode(dialect, [whole.slice(0, cut), whole.slice(cut)])
      if (JSON.stringify(events) !== JSON.stringify(reference)) {
        expect(events, `split at byte ${cut}`).toEqual(reference)
      }
    }
  })

  it("gives the same events fed one byte at a time", () => {
    expect(
      decode(
        dialect,
        [...whole].map((byte) => Uint8Array.of(byte)),
      ).events,
    ).toEqual(reference)
  })

  it.each([
    ["CRLF", "\r\n"],
    ["CR", "\r"],
  ])("gives the same events with %s line endings", (_ending, newline) => {
    const text = streams[name].replaceAll("\n", newline)
    expect(decode(dialect, [bytes(text)]).events).toEqual(reference)
  })

  it("ignores comments, keep-alives and retry fields between events", () => {
    const noisy = `: hello\n\n${streams[name].replaceAll("\n\n", "\n\n: keep-alive\n\n:\n\nretry: 1000\n\n")}`
    expect(decode(dialect, [bytes(noisy)]).events).toEqual(reference)
  })

  it("stops at a connection cut mid-stream: not finished, no failure, the open items kept", () => {
    const { events, decoder } = decode(dialect, [whole.slice(0, Math.floor(whole.length / 2))])
    expect(decoder.finished).toBe(false)
    expect(decoder.failure).toBeUndefined()
    expect(events.length).toBeGreaterThan(0)
    expect(events.length).toBeLessThan(reference.length)
    expect(events).toEqual(reference.slice(0, events.length))
  })

  it("reports invalid JSON in data and goes on", () => {
    const { events } = decode(dialect, [bytes(`data: {"broken\n\n${streams[name]}`)])
    expect(events[0]).toMatchObject({ type: "error", error: { code: "PROTOCOL_ERROR" } })
    expect(events.slice(1)).toEqual(reference)
  })

  it("ignores an unknown event", () => {
    const unknown =
      name === "haira" ? 'event: sparkle\ndata: {"x":1}\n\n' : 'data: {"type":"SPARKLE"}\n\n'
    expect(decode(dialect, [bytes(unknown + streams[name])]).events).toEqual(reference)
  })

  it("decodes nothing after the turn ended (a replayed tail changes nothing)", () => {
    expect(decode(dialect, [whole, whole]).events).toEqual(reference)
  })
})

describe("large events", () => {
  const big = "x".repeat(5 * 1024 * 1024)
  const stream = `event: delta\ndata: {"delta":"${big}"}\n\nevent: done\ndata: [DONE]\n\n`

  it("passes a 5 MB event with the default limit", () => {
    const { events } = decode(dialects.haira, [bytes(stream)])
    const text = events.find((event) => event.type === "text-delta")
    expect(text?.type === "text-delta" && text.delta.length).toBe(big.length)
    expect(events.at(-1)).toMatchObject({ type: "run-finished", status: "ok" })
  })

  it("stops with PAYLOAD_TOO_LARGE over maxEventBytes, and ignores what follows", () => {
    const { events, decoder } = decode(dialects.haira, [bytes(stream), bytes(stream)], 1024 * 1024)
    expect(events).toEqual([])
    expect(decoder.failure).toMatchObject({
      code: "PAYLOAD_TOO_LARGE",
      message: expect.stringContaining("maxEventBytes"),
    })
  })
})

describe("the decoder around the dialect", () => {
  it("keeps the last event id, for Last-Event-ID", () => {
    const { decoder } = decode(dialects.haira, [bytes(streams.haira)])
    expect(decoder.lastEventId).toBe("7")
  })

  it("turns a dialect that throws into a PROTOCOL_ERROR failure, not an uncaught exception", () => {
    const throwing: SSEDialect<null> = {
      name: "mine",
      encodeRequest: () => ({}),
      createState: () => null,
      decode: () => {
        throw new Error("bad luck")
      },
      interrupt: () => [],
    }
    const { events, decoder } = decode(throwing, [bytes("data: 1\n\ndata: 2\n\n")])
    expect(events).toEqual([])
    expect(decoder.failure).toMatchObject({
      code: "PROTOCOL_ERROR",
      message: "The mine dialect could not decode the server's answer: bad luck",
    })
  })

  it("skips the events already decoded when a resumed stream replays from the start", () => {
    const events: ChatEvent[] = []
    const decoder = createStreamDecoder({
      dialect: dialects["ai-sdk"],
      state: dialects["ai-sdk"].createState(context),
      onEvent: (event) => events.push(event),
    })
    const whole = bytes(streams["ai-sdk"])
    decoder.push(whole.slice(0, 150))
    const before = events.length
    decoder.restart("replay")
    decoder.push(whole)
    expect(before).toBeGreaterThan(0)
    expect(events).toEqual(decode(dialects["ai-sdk"], [whole]).events)
  })
})
