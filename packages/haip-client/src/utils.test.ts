import { describe, expect, it } from "vitest"
import { reconnectDelay } from "./backoff.js"
import { parseBase64 } from "./base64.js"
import { decodeFrame, encodeFrame } from "./frames.js"
import { createTextMessage, HAIPUtils } from "./utils.js"

describe("HAIPUtils as the messaging guide uses it", () => {
  it.each([
    [
      "the guide's MESSAGE_START",
      { type: "MESSAGE_START", payload: { channel: "USER", text: "Hello", author: "john" } },
      true,
    ],
    [
      "an invalid channel",
      { type: "MESSAGE_START", payload: { channel: "INVALID", text: "Hello", author: "john" } },
      false,
    ],
    ["an unknown type", { type: "TELEPORT", payload: {} }, false],
    ["a payload that is not an object", { type: "MESSAGE_START", payload: "x" }, false],
    ["a raw MESSAGE payload", { type: "MESSAGE", payload: "hi" }, true],
    [
      "an envelope with an unknown channel",
      { type: "PING", payload: {}, envelope: { channel: "RADIO" } },
      false,
    ],
    [
      "a TOOL_UPDATE with progress over 100",
      { type: "TOOL_UPDATE", payload: { call_id: "c", status: "RUNNING", progress: 120 } },
      false,
    ],
    ["null", null, false],
  ])("validateMessage: %s", (_name, message, valid) => {
    expect(HAIPUtils.validateMessage(message)).toBe(valid)
  })

  it("validates a whole wire frame without changing it", () => {
    const frame = createTextMessage("USER", "Hello", "john", "run-1")
    const copy = structuredClone(frame)
    expect(HAIPUtils.validateMessage(frame)).toBe(true)
    expect(frame).toEqual(copy)
    expect(HAIPUtils.validateMessage({ ...frame, channel: "RADIO" })).toBe(false)
  })

  it("creates a text message that survives serialisation", () => {
    const message = HAIPUtils.createTextMessage("USER", "Hello", "john", "run-1")
    expect(message).toMatchObject({
      type: "MESSAGE_START",
      channel: "USER",
      run_id: "run-1",
      payload: { text: "Hello", author: "john" },
    })
    expect(JSON.parse(JSON.stringify(message))).toEqual(message)
    const decoded = decodeFrame(encodeFrame({ ...message, seq: "1" }))
    expect(decoded.ok).toBe(true)
  })

  it("generates distinct v4 uuids", () => {
    const ids = new Set(Array.from({ length: 100 }, () => HAIPUtils.generateUUID()))
    expect(ids.size).toBe(100)
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  })

  it.each([[[]], [[0]], [[1, 2]], [[255, 254, 253]], [[104, 97, 105, 112, 33]]])(
    "base64 round-trips %j as Node encodes it",
    (bytes) => {
      const data = new Uint8Array(bytes).buffer
      const text = HAIPUtils.encodeBase64(data)
      expect(text).toBe(Buffer.from(bytes).toString("base64"))
      expect([...new Uint8Array(HAIPUtils.parseBase64(text))]).toEqual(bytes)
    },
  )

  it("refuses base64 with characters outside the alphabet", () => {
    expect(() => parseBase64("ab$d")).toThrow(/INVALID_ARGUMENT/)
  })
})

describe("reconnectDelay", () => {
  it.each([
    [1, 0, 500],
    [1, 1, 1000],
    [2, 0, 1000],
    [3, 1, 4000],
    [10, 1, 30000],
    [10, 0, 15000],
  ])("attempt %i with random %d waits %i ms (base 1 s, cap 30 s)", (attempt, random, expected) => {
    expect(reconnectDelay(attempt, 1000, 30_000, () => random)).toBe(expected)
  })
})
