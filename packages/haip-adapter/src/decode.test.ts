// Over 300 lines: one decode table row per frame shape, then the round trip through haip-server's encoder.
import type { HAIPMessage } from "@aichatkit/haip-client"
import { ChatEventEncoder } from "@aichatkit/haip-server"
import { foldEvents } from "@aichatkit/network-adapter/testing"
import type { ChatEvent } from "@aichatkit/types"
import { describe, expect, it } from "vitest"
import { decodeFrame } from "./decode.js"

const timestamp = "2026-01-01T00:00:00.000Z"
const context = { agentId: "a1", runId: "r1", now: () => timestamp }
const base = { agentId: "a1", runId: "r1" }
let counter = 0
function frame(
  type: HAIPMessage["type"],
  payload: unknown,
  channel: HAIPMessage["channel"] = "AGENT",
): HAIPMessage {
  counter++
  return {
    id: `frame-${counter}`,
    transaction: "a1",
    session: "s",
    seq: String(counter),
    ts: "0",
    channel,
    type,
    payload,
  }
}

describe("decodeFrame", () => {
  it.each<[string, HAIPMessage, ChatEvent[]]>([
    [
      "MESSAGE_START opens an assistant message",
      frame("MESSAGE_START", { message_id: "m1", author: "assistant", text: "Hi" }),
      [
        {
          type: "item-added",
          ...base,
          item: {
            id: "m1",
            type: "message",
            role: "assistant",
            content: "Hi",
            timestamp: timestamp,
          },
        },
      ],
    ],
    [
      "MESSAGE_PART appends text",
      frame("MESSAGE_PART", { message_id: "m1", text: " there" }),
      [{ type: "text-delta", ...base, itemId: "m1", delta: " there" }],
    ],
    [
      "MESSAGE_END closes it",
      frame("MESSAGE_END", { message_id: "m1" }),
      [{ type: "item-done", ...base, itemId: "m1" }],
    ],
    [
      "AUDIO_CHUNK on AUDIO_OUT is the message's audio",
      frame(
        "AUDIO_CHUNK",
        { message_id: "m1", mime: "audio/wav", data: "UklGRg==", duration_ms: 250 },
        "AUDIO_OUT",
      ),
      [
        {
          type: "audio-chunk",
          ...base,
          itemId: "m1",
          mediaType: "audio/wav",
          data: "UklGRg==",
          durationMs: 250,
        },
      ],
    ],
    [
      "AUDIO_CHUNK on AUDIO_IN is the user's own recording: nothing",
      frame("AUDIO_CHUNK", { message_id: "v1", mime: "audio/webm", data: "AAAA" }, "AUDIO_IN"),
      [],
    ],
    [
      "AUDIO_CHUNK that is not audio is an error, not a chunk",
      frame("AUDIO_CHUNK", { message_id: "m1", mime: "text/html", data: "PGI+" }, "AUDIO_OUT"),
      [
        {
          type: "error",
          ...base,
          error: {
            code: "PROTOCOL_ERROR",
            message:
              "The server sent audio the client cannot play (it names no message or no audio/* mime); it was left out.",
            retryable: false,
          },
        },
      ],
    ],
    [
      "MESSAGE_END with the seed's trailing text appends it first",
      frame("MESSAGE_END", { message_id: "m1", text: "!" }),
      [
        { type: "text-delta", ...base, itemId: "m1", delta: "!" },
        { type: "item-done", ...base, itemId: "m1" },
      ],
    ],
    ["frames of the user's own channel", frame("MESSAGE", "hello", "USER"), []],
    ["RUN_STARTED (turns are framed by the tracker)", frame("RUN_STARTED", {}, "SYSTEM"), []],
    [
      "TOOL_CALL adds a pending tool call",
      frame("TOOL_CALL", { call_id: "c1", tool: "weather", params: { city: "Oslo" } }),
      [
        {
          type: "item-added",
          ...base,
          item: {
            id: "c1",
            type: "tool_call",
            timestamp: timestamp,
            toolCall: { id: "c1", name: "weather", arguments: { city: "Oslo" }, status: "pending" },
          },
        },
      ],
    ],
    [
      "TOOL_UPDATE RUNNING with progress",
      frame("TOOL_UPDATE", { call_id: "c1", status: "RUNNING", progress: 40 }),
      [
        {
          type: "item-updated",
          ...base,
          itemId: "c1",
          patch: { toolCall: { status: "executing", progress: 40 } },
        },
      ],
    ],
    [
      "TOOL_UPDATE QUEUED",
      frame("TOOL_UPDATE", { call_id: "c1", status: "QUEUED" }),
      [{ type: "item-updated", ...base, itemId: "c1", patch: { toolCall: { status: "pending" } } }],
    ],
    [
      "TOOL_UPDATE QUEUED awaiting approval (our servers: the call waits for the client)",
      frame("TOOL_UPDATE", { call_id: "c1", status: "QUEUED", awaiting: "approval" }),
      [
        { type: "item-updated", ...base, itemId: "c1", patch: { toolCall: { status: "pending" } } },
        { type: "tool-response-requested", ...base, itemId: "c1", awaiting: "approval" },
      ],
    ],
    [
      "TOOL_UPDATE QUEUED awaiting output (a browser tool)",
      frame("TOOL_UPDATE", { call_id: "c1", status: "QUEUED", awaiting: "output" }),
      [
        { type: "item-updated", ...base, itemId: "c1", patch: { toolCall: { status: "pending" } } },
        { type: "tool-response-requested", ...base, itemId: "c1", awaiting: "output" },
      ],
    ],
    [
      "TOOL_UPDATE with an awaiting it does not know: a plain update",
      frame("TOOL_UPDATE", { call_id: "c1", status: "QUEUED", awaiting: "constructor" }),
      [{ type: "item-updated", ...base, itemId: "c1", patch: { toolCall: { status: "pending" } } }],
    ],
    [
      "TOOL_DONE OK with a result",
      frame("TOOL_DONE", { call_id: "c1", status: "OK", result: { temperature: 21 } }),
      [
        {
          type: "item-updated",
          ...base,
          itemId: "c1",
          patch: { toolCall: { status: "completed", result: { temperature: 21 }, progress: 100 } },
        },
        { type: "item-done", ...base, itemId: "c1" },
      ],
    ],
    [
      "TOOL_DONE ERROR without a reason gets one",
      frame("TOOL_DONE", { call_id: "c1", status: "ERROR" }),
      [
        {
          type: "item-updated",
          ...base,
          itemId: "c1",
          patch: { toolCall: { status: "error", error: "The tool failed without saying why." } },
        },
        { type: "item-done", ...base, itemId: "c1" },
      ],
    ],
    [
      "ERROR becomes an error event with our code",
      frame("ERROR", { code: "TOOL_EXECUTION_ERROR", message: "boom" }, "SYSTEM"),
      [
        {
          type: "error",
          ...base,
          error: { code: "TOOL_EXECUTION_ERROR", message: "boom", retryable: false },
        },
      ],
    ],
  ])("%s", (_name, input, expected) => {
    expect(decodeFrame(input, context)).toEqual(expected)
  })

  it("takes a whole MESSAGE as a complete message whose id is the frame id", () => {
    const whole = frame("MESSAGE", "Arr, matey")
    expect(decodeFrame(whole, context)).toEqual([
      {
        type: "item-added",
        ...base,
        item: {
          id: whole.id,
          type: "message",
          role: "assistant",
          content: "Arr, matey",
          timestamp: timestamp,
        },
      },
      { type: "item-done", ...base, itemId: whole.id },
    ])
  })

  it("shows a non-text MESSAGE payload as text, never as markup", () => {
    expect(decodeFrame(frame("MESSAGE", { answer: 42 }), context)[0]).toMatchObject({
      item: { content: '{"answer":42}' },
    })
    expect(decodeFrame(frame("MESSAGE", 7), context)[0]).toMatchObject({ item: { content: "7" } })
    expect(decodeFrame(frame("MESSAGE", { text: "<b>hi</b>" }), context)[0]).toMatchObject({
      item: { content: "<b>hi</b>" },
    })
  })

  it("takes a card MESSAGE as a card item", () => {
    const card = {
      id: "k1",
      type: "weather",
      title: "Oslo",
      content: { t: 21 },
      actions: [{ id: "go", label: "Go", type: "link", action: "https://example.com" }],
    }
    const cardFrame = frame("MESSAGE", { type: "card", card })
    expect(decodeFrame(cardFrame, context)).toEqual([
      {
        type: "item-added",
        ...base,
        item: { id: cardFrame.id, type: "card", card, timestamp: timestamp },
      },
      { type: "item-done", ...base, itemId: cardFrame.id },
    ])
  })

  it("reports an invalid card instead of showing it", () => {
    const [event] = decodeFrame(
      frame("MESSAGE", { type: "card", card: { id: "k", type: "x", content: "not an object" } }),
      context,
    )
    expect(event).toMatchObject({
      type: "error",
      error: {
        code: "PROTOCOL_ERROR",
        message: expect.stringMatching(/card.content is not an object/),
      },
    })
  })

  it.each([
    [
      "a tool status named after a prototype member",
      "TOOL_UPDATE",
      { call_id: "c", status: "constructor" },
      { type: "item-updated", patch: { toolCall: { status: "executing" } } },
    ],
    [
      "a done status named after a prototype member",
      "TOOL_DONE",
      { call_id: "c", status: "toString" },
      { type: "item-updated", patch: { toolCall: { status: "completed", progress: 100 } } },
    ],
  ])("reads %s as an own key only", (_name, type, payload, expected) => {
    const [event] = decodeFrame(frame(type as HAIPMessage["type"], payload), context)
    expect(event).toMatchObject(expected)
  })

  it.each(["constructor", "toString", "__proto__", "RUN_STARTED"])(
    "decodes nothing for the frame type %s",
    (type) => {
      expect(decodeFrame(frame(type as HAIPMessage["type"], {}), context)).toEqual([])
    },
  )
})

describe("haip-server's ChatEventEncoder → decodeFrame", () => {
  it("gives back the items of a turn (the other way round)", () => {
    const events: ChatEvent[] = [
      {
        type: "item-added",
        ...base,
        item: {
          id: "m1",
          type: "message",
          role: "assistant",
          content: "",
          timestamp: timestamp,
        },
      },
      { type: "text-delta", ...base, itemId: "m1", delta: "Hello" },
      { type: "text-delta", ...base, itemId: "m1", delta: " world" },
      { type: "item-done", ...base, itemId: "m1" },
      {
        type: "item-added",
        ...base,
        item: {
          id: "c1",
          type: "tool_call",
          timestamp: timestamp,
          toolCall: { id: "c1", name: "weather", arguments: { city: "Oslo" }, status: "pending" },
        },
      },
      {
        type: "item-updated",
        ...base,
        itemId: "c1",
        patch: { toolCall: { status: "executing", progress: 50 } },
      },
      {
        type: "item-updated",
        ...base,
        itemId: "c1",
        patch: { toolCall: { status: "completed", result: 21 } },
      },
      { type: "item-done", ...base, itemId: "c1" },
    ]
    const encoder = new ChatEventEncoder()
    const frames = events
      .flatMap((event) => encoder.encode(event))
      .map((tool) => frame(tool.type, tool.payload, tool.channel))
    expect(frames.map((entry) => entry.type)).toEqual([
      "MESSAGE_START",
      "MESSAGE_PART",
      "MESSAGE_PART",
      "MESSAGE_END",
      "TOOL_CALL",
      "TOOL_UPDATE",
      "TOOL_DONE",
    ])
    const decoded = frames.flatMap((entry) => decodeFrame(entry, context))
    const items = foldEvents(decoded)
    expect(items).toEqual([
      {
        id: "m1",
        type: "message",
        role: "assistant",
        content: "Hello world",
        timestamp: timestamp,
      },
      {
        id: "c1",
        type: "tool_call",
        timestamp: timestamp,
        toolCall: {
          id: "c1",
          name: "weather",
          arguments: { city: "Oslo" },
          status: "completed",
          result: 21,
          progress: 100,
        },
      },
    ])
  })
})
