import { describe, expect, it } from "vitest"
import { buildFrame, consumesCredit, decodeFrame, encodeFrame, unsequencedFrame } from "./frames.js"

const base = { id: "f1", seq: "1", ts: "1", channel: "USER" }
const text = (value: unknown) => JSON.stringify(value)

describe("decodeFrame", () => {
  it.each([
    ["a reference MESSAGE", { ...base, transaction: "t1", type: "MESSAGE", payload: "hi" }],
    ["a HAI without channel", { id: "h", type: "HAI", payload: { haip_version: "1.1.2" } }],
    [
      "a PING with JSON null transaction",
      { id: "p", transaction: null, type: "PING", payload: { nonce: "n" } },
    ],
    [
      "a TRANSACTION_START",
      { id: "s", transaction: "tmp", type: "TRANSACTION_START", payload: { toolName: "llm" } },
    ],
    ["a MESSAGE_PART", { ...base, type: "MESSAGE_PART", payload: { message_id: "m", text: "" } }],
    [
      "a FLOW_UPDATE",
      {
        id: "u",
        type: "FLOW_UPDATE",
        payload: { channel: "AGENT", add_messages: 5, add_bytes: 100 },
      },
    ],
    [
      "a REPLAY_REQUEST with numeric seqs",
      { id: "r", type: "REPLAY_REQUEST", payload: { from_seq: 3, to_seq: "9" } },
    ],
    ["a custom channel", { ...base, channel: "notes_2-b", type: "MESSAGE", payload: "hi" }],
    [
      "a MESSAGE_PART named by its run (the seed guide's form)",
      { ...base, run_id: "r1", type: "MESSAGE_PART", payload: { text: "more" } },
    ],
    [
      "a RUN_CANCEL with run_id in the envelope",
      { id: "c", type: "RUN_CANCEL", run_id: "run1", payload: {} },
    ],
  ])("accepts %s", (_name, value) => {
    const result = decodeFrame(text(value), 1024)
    expect(result.ok).toBe(true)
  })

  it("fills in transaction 'null', the channel and ts when left out", () => {
    const result = decodeFrame(text({ id: "h", type: "PING" }), 1024)
    expect(result).toMatchObject({
      ok: true,
      frame: { transaction: "null", channel: "SYSTEM", payload: {} },
    })
    const data = decodeFrame(
      text({ id: "m", type: "MESSAGE", payload: "x", transaction: "t" }),
      1024,
    )
    expect(data).toMatchObject({ ok: true, frame: { channel: "USER" } })
  })

  it.each([
    ["not JSON", "{nope", "PROTOCOL_VIOLATION", /not valid JSON/],
    ["a JSON array", "[1,2]", "PROTOCOL_VIOLATION", /not a JSON object/],
    ["a JSON string", '"MESSAGE"', "PROTOCOL_VIOLATION", /not a JSON object/],
    ["no id", text({ type: "PING" }), "PROTOCOL_VIOLATION", /no id/],
    ["no type", text({ id: "x" }), "PROTOCOL_VIOLATION", /no type/],
    ["an unknown type", text({ id: "x", type: "TELEPORT" }), "UNSUPPORTED_TYPE", /TELEPORT/],
    [
      "a channel name with a space",
      text({ id: "x", type: "PING", channel: "RADIO 1" }),
      "PROTOCOL_VIOLATION",
      /channel/,
    ],
    [
      "a MESSAGE without payload",
      text({ id: "x", type: "MESSAGE" }),
      "PROTOCOL_VIOLATION",
      /payload is missing/,
    ],
    [
      "a PING whose payload is a string",
      text({ id: "x", type: "PING", payload: "n" }),
      "PROTOCOL_VIOLATION",
      /not an object/,
    ],
    [
      "TRANSACTION_START without toolName",
      text({ id: "x", type: "TRANSACTION_START", payload: {} }),
      "PROTOCOL_VIOLATION",
      /toolName/,
    ],
    [
      "MESSAGE_PART without text",
      text({ id: "x", type: "MESSAGE_PART", payload: { message_id: "m" } }),
      "PROTOCOL_VIOLATION",
      /text/,
    ],
    [
      "TOOL_UPDATE without call_id",
      text({ id: "x", type: "TOOL_UPDATE", payload: { status: "RUNNING" } }),
      "PROTOCOL_VIOLATION",
      /call_id/,
    ],
    [
      "FLOW_UPDATE with negative credits",
      text({ id: "x", type: "FLOW_UPDATE", payload: { channel: "USER", add_messages: -1 } }),
      "PROTOCOL_VIOLATION",
      /whole numbers/,
    ],
    [
      "FLOW_UPDATE for no channel",
      text({ id: "x", type: "FLOW_UPDATE", payload: { add_messages: 1 } }),
      "PROTOCOL_VIOLATION",
      /channel/,
    ],
    [
      "REPLAY_REQUEST from 'abc'",
      text({ id: "x", type: "REPLAY_REQUEST", payload: { from_seq: "abc" } }),
      "PROTOCOL_VIOLATION",
      /from_seq/,
    ],
    [
      "RUN_CANCEL without run_id",
      text({ id: "x", type: "RUN_CANCEL", payload: {} }),
      "PROTOCOL_VIOLATION",
      /run_id/,
    ],
  ])("refuses %s with %s", (_name, input, code, message) => {
    const result = decodeFrame(input, 1024)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.problem.code).toBe(code)
    expect(result.problem.message).toMatch(message)
  })

  it("refuses a frame over the size limit before parsing it", () => {
    const result = decodeFrame(text({ id: "x", type: "MESSAGE", payload: "é".repeat(600) }), 1024)
    expect(result).toMatchObject({ ok: false, problem: { code: "PAYLOAD_TOO_LARGE" } })
  })

  it("names the frame in related_id when it had an id", () => {
    const result = decodeFrame(text({ id: "abc", type: "NOPE" }), 1024)
    expect(result).toMatchObject({ ok: false, problem: { relatedId: "abc" } })
  })
})

describe("buildFrame / encodeFrame", () => {
  it("writes the reference's key order with transaction 'null' when none", () => {
    const frame = buildFrame({
      id: "i",
      transaction: undefined,
      session: "s",
      seq: 7,
      ack: "3",
      channel: "AGENT",
      type: "MESSAGE",
      payload: "hi",
      runId: "r",
    })
    const decoded = JSON.parse(encodeFrame(frame))
    expect(Object.keys(decoded)).toEqual([
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
    expect(decoded).toMatchObject({ transaction: "null", seq: "7", payload: "hi" })
  })
})

describe("unsequencedFrame", () => {
  it("writes a SYSTEM frame at seq 0 in the reference's key order, the server-full refusal's bytes", () => {
    const text = unsequencedFrame("ERROR", { code: "RATE_LIMITED", message: "full" }, "")
    const decoded = JSON.parse(text)
    expect(Object.keys(decoded)).toEqual([
      "id",
      "transaction",
      "session",
      "seq",
      "ts",
      "channel",
      "type",
      "payload",
    ])
    expect(decoded).toMatchObject({
      transaction: "null",
      session: "",
      seq: "0",
      channel: "SYSTEM",
      type: "ERROR",
      payload: { code: "RATE_LIMITED", message: "full" },
    })
    expect(decoded.id).toMatch(/^[0-9a-f-]{36}$/)
  })

  it("names the session it is given", () => {
    expect(JSON.parse(unsequencedFrame("HAI", {}, "s1")).session).toBe("s1")
  })
})

describe("consumesCredit", () => {
  it.each([
    ["MESSAGE", "AGENT", true],
    ["MESSAGE_PART", "USER", true],
    ["TOOL_DONE", "AGENT", true],
    ["AUDIO_CHUNK", "AUDIO_IN", true],
    ["RUN_FINISHED", "SYSTEM", false],
    ["PING", "SYSTEM", false],
    ["MESSAGE", "SYSTEM", false],
    ["FLOW_UPDATE", "USER", false],
  ])("%s on %s → %s", (type, channel, expected) => {
    expect(consumesCredit(type, channel)).toBe(expected)
  })
})
