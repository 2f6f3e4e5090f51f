import { describe, expect, it } from "vitest"
import { StreamedMessageIds } from "./message-ids.js"
import type { HAIPMessage } from "./types.js"

function frame(
  type: HAIPMessage["type"],
  payload: Record<string, unknown>,
  extra: Partial<HAIPMessage> = {},
): HAIPMessage {
  return {
    id: `${type}-${Math.random()}`,
    transaction: "t1",
    session: "s",
    seq: "",
    ts: "",
    channel: "AGENT",
    type,
    payload,
    ...extra,
  }
}

describe("StreamedMessageIds", () => {
  it("gives the frames of one streamed message without message_id one id, and the next message another", () => {
    const ids = new StreamedMessageIds()
    const frames = [
      frame("MESSAGE_START", { text: "Hel" }),
      frame("MESSAGE_PART", { text: "lo" }),
      frame("MESSAGE_END", {}),
      frame("MESSAGE_START", { text: "Again" }),
      frame("MESSAGE_END", {}),
    ]
    const warnings = frames.map((each) => ids.fill(each))
    const messageIds = frames.map((each) => each.payload.message_id)
    expect(new Set(messageIds.slice(0, 3)).size).toBe(1)
    expect(new Set(messageIds.slice(3)).size).toBe(1)
    expect(messageIds[0]).not.toBe(messageIds[3])
    expect(warnings.map((warning) => warning !== undefined)).toEqual([
      true,
      false,
      false,
      true,
      false,
    ])
    expect(warnings[0]).toMatch(/MESSAGE_START frame has no message_id/)
  })

  it("keeps messages of different runs, channels and transactions apart", () => {
    const ids = new StreamedMessageIds()
    const a = frame("MESSAGE_START", { text: "a" }, { run_id: "r1" })
    const b = frame("MESSAGE_START", { text: "b" }, { run_id: "r2" })
    const aPart = frame("MESSAGE_PART", { text: "!" }, { run_id: "r1" })
    const bPart = frame("MESSAGE_PART", { text: "?" }, { run_id: "r2" })
    const user = frame("MESSAGE_PART", { text: "u" }, { run_id: "r1", channel: "USER" })
    for (const each of [a, b, bPart, aPart, user]) ids.fill(each)
    expect(aPart.payload.message_id).toBe(a.payload.message_id)
    expect(bPart.payload.message_id).toBe(b.payload.message_id)
    expect(user.payload.message_id).not.toBe(a.payload.message_id)
  })

  it("leaves frames that carry a message_id, and other types, as they are", () => {
    const ids = new StreamedMessageIds()
    const streamed = frame("MESSAGE_PART", { message_id: "m1", text: "x" })
    const whole = frame("MESSAGE", "hi" as unknown as Record<string, unknown>)
    expect(ids.fill(streamed)).toBeUndefined()
    expect(ids.fill(whole)).toBeUndefined()
    expect(streamed.payload).toEqual({ message_id: "m1", text: "x" })
    expect(whole.payload).toBe("hi")
  })
})
