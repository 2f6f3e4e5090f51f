// Over 300 lines: the decode tables, one row per frame shape real peers send, then encode, helpers and a fuzz run.
import { describe, expect, it } from "vitest"
import { consumesCredit, decodeFrame, encodeFrame, utf8Length } from "./frames.js"
import { envelopeOfLargeFrame } from "./large-frames.js"
import { payloadProblem } from "./payloads.js"
import type { HAIPMessage } from "./types.js"

const base = { id: "f1", session: "s1", seq: "3", ts: "1700000000000", channel: "AGENT" }

describe("decodeFrame", () => {
  it.each([
    [
      "a whole MESSAGE with a raw string payload",
      { ...base, transaction: "t1", type: "MESSAGE", payload: "hi" },
      { transaction: "t1", payload: "hi" },
    ],
    [
      'the string "null" as no transaction',
      { ...base, transaction: "null", type: "PING", payload: { nonce: "n" } },
      { transaction: null },
    ],
    ["a missing transaction", { ...base, type: "PING", payload: {} }, { transaction: null }],
    [
      "JSON null as no transaction",
      { ...base, transaction: null, type: "PONG", payload: {} },
      { transaction: null },
    ],
    [
      "a numeric seq and ts",
      { ...base, seq: 7, ts: 5, type: "PONG", payload: {} },
      { seq: "7", ts: "5" },
    ],
    ["an ack", { ...base, ack: "12", type: "PONG", payload: {} }, { ack: "12" }],
    [
      "a missing channel as SYSTEM",
      { id: "x", type: "PONG", payload: {} },
      { channel: "SYSTEM", seq: "" },
    ],
    [
      "a missing payload as {}",
      { ...base, type: "RUN_STARTED", run_id: "r1" },
      { payload: {}, run_id: "r1" },
    ],
    [
      "a streamed part",
      { ...base, type: "MESSAGE_PART", payload: { message_id: "m", text: "x" } },
      { type: "MESSAGE_PART" },
    ],
    [
      "a tool update with progress",
      { ...base, type: "TOOL_UPDATE", payload: { call_id: "c", status: "RUNNING", progress: 40 } },
      { type: "TOOL_UPDATE" },
    ],
  ])("accepts %s", (_name, wire, expected) => {
    const result = decodeFrame(JSON.stringify(wire))
    expect(result.ok).toBe(true)
    if (result.ok) expect(result.frame).toMatchObject(expected)
  })

  it.each([
    [
      "the reference server's seq (a timestamp and base-36 letters) as opaque text",
      { ...base, seq: "1796418744396efija06mj", type: "HAI", payload: {} },
      { seq: "1796418744396efija06mj" },
    ],
    [
      "a seq that only looks like a number",
      { ...base, seq: "1e3", type: "PING", payload: {} },
      { seq: "1e3" },
    ],
    [
      "a MESSAGE whose payload is a bare string (the reference's chat turn)",
      { ...base, seq: "1796418744406sq951v8c4", type: "MESSAGE", payload: "Arr" },
      { payload: "Arr" },
    ],
    [
      "a streamed part without message_id (the seed guide's form; the connection gives it one)",
      { ...base, type: "MESSAGE_PART", payload: { text: "lo" } },
      { payload: { text: "lo" } },
    ],
    [
      "an INFO whose payload is a bare string",
      { ...base, type: "INFO", payload: "tool done" },
      { payload: "tool done" },
    ],
    [
      "a MESSAGE_UPDATE whose payload is a bare string",
      { ...base, type: "MESSAGE_UPDATE", payload: "Arr, so f" },
      { payload: "Arr, so f" },
    ],
  ])("takes %s without a warning", (_name, wire, expected) => {
    const result = decodeFrame(JSON.stringify(wire))
    expect(result.ok).toBe(true)
    if (result.ok) {
      expect(result.frame).toMatchObject(expected)
      expect(result.warnings).toBeUndefined()
    }
  })

  it.each([
    [
      "a frame without id (given one)",
      { type: "PING", payload: {} },
      { id: expect.stringMatching(/^[0-9a-f-]{36}$/) },
      /id is undefined/,
    ],
    ["a numeric id", { ...base, id: 7, type: "PING", payload: {} }, { id: "7" }, undefined],
    [
      "a PING whose payload is null (as {})",
      { ...base, type: "PING", payload: null },
      { payload: {} },
      /payload is null/,
    ],
    [
      "an unknown channel on a data frame (as AGENT)",
      { ...base, channel: "RADIO", type: "MESSAGE", payload: "x" },
      { channel: "AGENT" },
      /channel "RADIO" is not a HAIP channel; taken as AGENT/,
    ],
    [
      "a lower-case channel",
      { ...base, channel: "agent", type: "MESSAGE", payload: "x" },
      { channel: "AGENT" },
      /channel "agent"/,
    ],
    [
      "a numeric transaction (as text)",
      { ...base, transaction: 5, type: "PING", payload: {} },
      { transaction: "5" },
      undefined,
    ],
    [
      "an object as transaction (as none)",
      { ...base, transaction: { id: 1 }, type: "PING", payload: {} },
      { transaction: null },
      /transaction is object/,
    ],
    [
      "a seq that is an object (as none)",
      { ...base, seq: { n: 1 }, type: "PING", payload: {} },
      { seq: "" },
      /seq is object/,
    ],
    [
      "an ack that is not decimal (ignored)",
      { ...base, ack: "17964abc", type: "PONG", payload: {} },
      { type: "PONG" },
      /ack "17964abc" is not a decimal number/,
    ],
    [
      "a TOOL_UPDATE with progress 140 (progress dropped)",
      { ...base, type: "TOOL_UPDATE", payload: { call_id: "c", status: "RUNNING", progress: 140 } },
      { payload: { call_id: "c", status: "RUNNING" } },
      /progress 140 is not a number from 0 to 100/,
    ],
    [
      "a TOOL_DONE with a status outside the spec (kept)",
      { ...base, type: "TOOL_DONE", payload: { call_id: "c", status: "COMPLETED" } },
      { payload: { call_id: "c", status: "COMPLETED" } },
      /status "COMPLETED" is not OK, CANCELLED or ERROR/,
    ],
    [
      "a RUN_FINISHED with a lower-case status (kept)",
      { ...base, type: "RUN_FINISHED", payload: { status: "ok" } },
      { payload: { status: "ok" } },
      /status "ok"/,
    ],
  ])("takes %s and says what it put right", (_name, wire, expected, warning) => {
    const result = decodeFrame(JSON.stringify(wire))
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.frame).toMatchObject(expected)
    if (Object.hasOwn(wire, "ack")) expect(Object.hasOwn(result.frame, "ack")).toBe(false)
    if (warning === undefined) expect(result.warnings).toBeUndefined()
    else {
      expect(result.warnings).toHaveLength(1)
      expect(result.warnings?.[0]).toMatch(warning)
      expect(result.warnings?.[0]).toMatch(/^The [A-Z_]+ frame's .+\.$/)
    }
  })

  it.each([
    ["text that is not JSON", "{nope", "PROTOCOL_VIOLATION"],
    ["a JSON array", "[1,2]", "INVALID_MESSAGE"],
    ["a frame without type", JSON.stringify({ ...base, payload: {} }), "INVALID_MESSAGE"],
    [
      "an unknown type",
      JSON.stringify({ ...base, type: "TELEPORT", payload: {} }),
      "UNSUPPORTED_TYPE",
    ],
    [
      "a MESSAGE_END whose message_id is empty",
      JSON.stringify({ ...base, type: "MESSAGE_END", payload: { message_id: "" } }),
      "INVALID_MESSAGE",
    ],
    [
      "a MESSAGE_START whose payload is a string",
      JSON.stringify({ ...base, type: "MESSAGE_START", payload: "hi" }),
      "INVALID_MESSAGE",
    ],
    [
      "a MESSAGE_PART without text",
      JSON.stringify({ ...base, type: "MESSAGE_PART", payload: { message_id: "m" } }),
      "INVALID_MESSAGE",
    ],
    [
      "a FLOW_UPDATE with negative credits",
      JSON.stringify({
        ...base,
        type: "FLOW_UPDATE",
        payload: { channel: "AGENT", add_messages: -1 },
      }),
      "INVALID_MESSAGE",
    ],
    [
      "an ERROR without code",
      JSON.stringify({ ...base, type: "ERROR", payload: { message: "x" } }),
      "INVALID_MESSAGE",
    ],
  ])("refuses %s with %s", (_name, text, code) => {
    const result = decodeFrame(text)
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.problem.code).toBe(code)
      expect(result.problem.message).toMatch(/\.$/)
    }
  })

  it("refuses an oversized frame without parsing it", () => {
    const text = JSON.stringify({ ...base, type: "MESSAGE", payload: "x".repeat(2000) })
    const result = decodeFrame(text, 1000)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.problem.code).toBe("PAYLOAD_TOO_LARGE")
  })
})

describe("encodeFrame", () => {
  it('orders keys as the reference server and writes no transaction as "null"', () => {
    const frame: HAIPMessage = {
      id: "a",
      transaction: null,
      session: "s",
      seq: "1",
      ack: "4",
      ts: "9",
      channel: "USER",
      type: "MESSAGE",
      payload: "hi",
      run_id: "r",
    }
    const text = encodeFrame(frame)
    expect(Object.keys(JSON.parse(text))).toEqual([
      "id",
      "transaction",
      "session",
      "seq",
      "ack",
      "ts",
      "channel",
      "type",
      "payload",
      "run_id",
    ])
    expect(JSON.parse(text).transaction).toBe("null")
  })

  it("round-trips through decodeFrame", () => {
    const frame: HAIPMessage = {
      id: "b",
      transaction: "t",
      session: "s",
      seq: "2",
      ts: "9",
      channel: "AGENT",
      type: "TOOL_DONE",
      payload: { call_id: "c", status: "OK", result: { ok: true } },
    }
    const result = decodeFrame(encodeFrame(frame))
    expect(result.ok && result.frame).toEqual(frame)
  })
})

describe("helpers", () => {
  it("counts UTF-8 bytes", () => {
    expect(utf8Length("abc")).toBe(3)
    expect(utf8Length("é")).toBe(2)
    expect(utf8Length("€")).toBe(3)
    expect(utf8Length("😀")).toBe(4)
  })

  it("charges credits for data frames off the SYSTEM channel only", () => {
    expect(consumesCredit("MESSAGE_PART", "AGENT")).toBe(true)
    expect(consumesCredit("TOOL_DONE", "USER")).toBe(true)
    // As the server counts them (they disagreed before the rule moved to haip-wire).
    expect(consumesCredit("TOOL_LIST", "USER")).toBe(true)
    expect(consumesCredit("TOOL_SCHEMA", "AGENT")).toBe(true)
    expect(consumesCredit("PING", "SYSTEM")).toBe(false)
    expect(consumesCredit("RUN_FINISHED", "AGENT")).toBe(false)
    expect(consumesCredit("MESSAGE", "SYSTEM")).toBe(false)
  })

  it("lets a MESSAGE payload be any value", () => {
    expect(payloadProblem({ type: "MESSAGE", payload: 42 })).toBeUndefined()
    expect(payloadProblem({ type: "MESSAGE_START", payload: "x" })).toMatch(/not an object/)
  })
})

describe("decodeFrame fuzz", () => {
  it("never throws on arbitrary text or JSON, and names a known code when it refuses", async () => {
    const fc = (await import("fast-check")).default
    const codes = new Set([
      "PROTOCOL_VIOLATION",
      "UNSUPPORTED_TYPE",
      "INVALID_MESSAGE",
      "PAYLOAD_TOO_LARGE",
    ])
    const frameLike = fc.record(
      {
        id: fc.oneof(fc.string(), fc.integer(), fc.constant(undefined)),
        type: fc.oneof(
          fc.constantFrom("MESSAGE", "MESSAGE_PART", "TOOL_UPDATE", "FLOW_UPDATE", "HAI", "ERROR"),
          fc.string(),
        ),
        channel: fc.oneof(fc.constantFrom("USER", "AGENT", "SYSTEM"), fc.string(), fc.integer()),
        seq: fc.oneof(fc.nat().map(String), fc.string(), fc.double()),
        transaction: fc.oneof(fc.string(), fc.constant(null), fc.integer()),
        payload: fc.anything(),
      },
      { requiredKeys: [] },
    )
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          frameLike.map((value) => JSON.stringify(value) ?? ""),
        ),
        (text) => {
          const result = decodeFrame(text, 4096)
          if (!result.ok) expect(codes.has(result.problem.code)).toBe(true)
          else expect(typeof result.frame.id).toBe("string")
        },
      ),
      { numRuns: 2000 },
    )
  })
})

describe("envelopeOfLargeFrame", () => {
  it("reads type, channel and seq from the ends of a frame too large to parse", () => {
    const text = JSON.stringify({
      id: "f",
      transaction: "t",
      session: "s",
      seq: "42",
      ts: "1",
      channel: "AGENT",
      type: "MESSAGE_START",
      payload: { attachments: [{ data: "A".repeat(10_000) }] },
    })
    expect(envelopeOfLargeFrame(text)).toEqual({
      type: "MESSAGE_START",
      channel: "AGENT",
      seq: "42",
    })
  })

  it("finds nothing when the envelope is not at either end", () => {
    expect(envelopeOfLargeFrame(`{"payload":"${"A".repeat(5000)}"}`)).toBeUndefined()
  })
})
