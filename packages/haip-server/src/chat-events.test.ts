import type { ChatEvent } from "@aichatkit/types"
import { describe, expect, it } from "vitest"
import { ChatEventEncoder } from "./chat-events.js"

const scope = { agentId: "a", runId: "r" }
const timestamp = "2026-01-01T00:00:00.000Z"

describe("ChatEventEncoder", () => {
  it.each<[string, ChatEvent[], unknown[]]>([
    [
      "a streamed message: MESSAGE_START (with any first text), PARTs, MESSAGE_END",
      [
        {
          type: "item-added",
          ...scope,
          item: { id: "m", type: "message", role: "assistant", content: "Hi", timestamp },
        },
        { type: "text-delta", ...scope, itemId: "m", delta: " there" },
        { type: "item-done", ...scope, itemId: "m" },
      ],
      [
        { type: "MESSAGE_START", payload: { message_id: "m", author: "assistant", text: "Hi" } },
        { type: "MESSAGE_PART", payload: { message_id: "m", text: " there" } },
        { type: "MESSAGE_END", payload: { message_id: "m" } },
      ],
    ],
    [
      "a message's files in MESSAGE_START's attachments: base64 bytes as data, links as url",
      [
        {
          type: "item-added",
          ...scope,
          item: {
            id: "m",
            type: "message",
            role: "assistant",
            content: "",
            timestamp,
            attachments: [
              {
                id: "f",
                name: "c.svg",
                mediaType: "image/svg+xml",
                size: 6,
                url: "data:image/svg+xml;base64,PHN2Zy8+",
              },
              { id: "g", name: "r.pdf", mediaType: "application/pdf", url: "https://x.test/r.pdf" },
            ],
          },
        },
      ],
      [
        {
          type: "MESSAGE_START",
          payload: {
            message_id: "m",
            author: "assistant",
            attachments: [
              { name: "c.svg", mime: "image/svg+xml", size: 6, data: "PHN2Zy8+" },
              { name: "r.pdf", mime: "application/pdf", url: "https://x.test/r.pdf" },
            ],
          },
        },
      ],
    ],
    [
      "a tool call that waits for the client: TOOL_UPDATE QUEUED with why (approval, output)",
      [
        {
          type: "item-added",
          ...scope,
          item: {
            id: "t",
            type: "tool_call",
            toolCall: { id: "call-1", name: "weather", arguments: {}, status: "pending" },
          },
        },
        { type: "tool-response-requested", ...scope, itemId: "t", awaiting: "approval" },
        { type: "tool-response-requested", ...scope, itemId: "unknown", awaiting: "output" },
      ],
      [
        { type: "TOOL_CALL", payload: { call_id: "call-1", tool: "weather", params: {} } },
        {
          type: "TOOL_UPDATE",
          payload: { call_id: "call-1", status: "QUEUED", awaiting: "approval" },
        },
      ],
    ],
    [
      "a tool call under the call's own id, its progress and its result",
      [
        {
          type: "item-added",
          ...scope,
          item: {
            id: "item",
            type: "tool_call",
            timestamp,
            toolCall: {
              id: "call",
              name: "weather",
              arguments: { city: "Oslo" },
              status: "pending",
            },
          },
        },
        {
          type: "item-updated",
          ...scope,
          itemId: "item",
          patch: { toolCall: { status: "executing", progress: 0 } },
        },
        { type: "item-updated", ...scope, itemId: "item", patch: { toolCall: { progress: 50 } } },
        {
          type: "item-updated",
          ...scope,
          itemId: "item",
          patch: { toolCall: { status: "completed", result: { temperatureC: 21 } } },
        },
        { type: "item-done", ...scope, itemId: "item" },
      ],
      [
        {
          type: "TOOL_CALL",
          payload: { call_id: "call", tool: "weather", params: { city: "Oslo" } },
        },
        { type: "TOOL_UPDATE", payload: { call_id: "call", status: "RUNNING", progress: 0 } },
        { type: "TOOL_UPDATE", payload: { call_id: "call", status: "RUNNING", progress: 50 } },
        {
          type: "TOOL_DONE",
          payload: { call_id: "call", status: "OK", result: { temperatureC: 21 } },
        },
      ],
    ],
    [
      "a tool call added already failed: TOOL_CALL then TOOL_DONE ERROR",
      [
        {
          type: "item-added",
          ...scope,
          item: {
            id: "item",
            type: "tool_call",
            timestamp,
            toolCall: {
              id: "call",
              name: "weather",
              arguments: {},
              status: "error",
              error: "down",
            },
          },
        },
      ],
      [
        { type: "TOOL_CALL", payload: { call_id: "call", tool: "weather", params: {} } },
        { type: "TOOL_DONE", payload: { call_id: "call", status: "ERROR", error: "down" } },
      ],
    ],
    [
      "a card is a MESSAGE and needs no end frame",
      [
        {
          type: "item-added",
          ...scope,
          item: { id: "i", type: "card", card: { id: "k", type: "weather", content: {} } },
        },
        { type: "item-done", ...scope, itemId: "i" },
      ],
      [
        {
          type: "MESSAGE",
          payload: { type: "card", card: { id: "k", type: "weather", content: {} } },
        },
      ],
    ],
    [
      "deltas and updates of items it never saw give nothing",
      [
        { type: "text-delta", ...scope, itemId: "unknown", delta: "x" },
        { type: "item-updated", ...scope, itemId: "unknown", patch: { toolCall: { progress: 1 } } },
        { type: "item-done", ...scope, itemId: "unknown" },
      ],
      [],
    ],
    [
      "run events give nothing (the server frames runs)",
      [
        { type: "run-started", ...scope },
        { type: "run-finished", ...scope, status: "ok" },
      ],
      [],
    ],
  ])("%s", (_name, events, expected) => {
    const encoder = new ChatEventEncoder()
    const frames = events.flatMap((event) => encoder.encode(event))
    expect(frames.map(({ type, payload }) => ({ type, payload }))).toEqual(expected)
    expect(frames.every((frame) => frame.channel === "AGENT")).toBe(true)
  })

  it("sends a streaming message's audio as AUDIO_CHUNK on AUDIO_OUT, and none for a closed one", () => {
    const encoder = new ChatEventEncoder()
    const chunk = {
      type: "audio-chunk",
      ...scope,
      itemId: "m",
      mediaType: "audio/wav",
      data: "UklGRg==",
      durationMs: 250,
    } as const
    encoder.encode({
      type: "item-added",
      ...scope,
      item: { id: "m", type: "message", role: "assistant", content: "", timestamp },
    })
    expect(encoder.encode(chunk)).toEqual([
      {
        type: "AUDIO_CHUNK",
        channel: "AUDIO_OUT",
        payload: { message_id: "m", mime: "audio/wav", data: "UklGRg==", duration_ms: 250 },
      },
    ])
    encoder.encode({ type: "item-done", ...scope, itemId: "m" })
    expect(encoder.encode(chunk)).toEqual([])
  })

  it("sends an error event as an ERROR on SYSTEM", () => {
    const error = { code: "TIMEOUT", message: "It broke.", retryable: true } as const
    expect(new ChatEventEncoder().encode({ type: "error", ...scope, error })).toEqual([
      {
        type: "ERROR",
        channel: "SYSTEM",
        payload: { code: "TOOL_EXECUTION_ERROR", message: "It broke." },
      },
    ])
  })
})
