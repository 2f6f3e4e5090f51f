import type { ChatEvent } from "@aichatkit/types"
import { describe, expect, it } from "vitest"
import type { SSEMessage } from "../types.js"
import { hairaDialect } from "./haira.js"

const context = { agentId: "a", runId: "r", now: () => "T" }
const scope = { agentId: "a", runId: "r" }

function decodeAll(messages: SSEMessage[]): ChatEvent[] {
  const state = hairaDialect.createState(context)
  return messages.flatMap((message) => hairaDialect.decode(state, message))
}

const delta = (text: string): SSEMessage => ({
  event: "delta",
  data: JSON.stringify({ delta: text }),
})
const message = (id: string, content = "") => ({
  type: "item-added",
  ...scope,
  item: { id, type: "message", role: "assistant", content, timestamp: "T" },
})
const done: SSEMessage = { event: "done", data: "[DONE]" }
const finishedOk = { type: "run-finished", ...scope, status: "ok" }

describe("hairaDialect.decode", () => {
  it.each<[string, SSEMessage[], unknown[]]>([
    [
      "named delta events (the runtime's form) into one message",
      [delta("Hel"), delta("lo"), done],
      [
        message("r-message-1"),
        { type: "text-delta", ...scope, itemId: "r-message-1", delta: "Hel" },
        { type: "text-delta", ...scope, itemId: "r-message-1", delta: "lo" },
        { type: "item-done", ...scope, itemId: "r-message-1" },
        finishedOk,
      ],
    ],
    [
      "unnamed legacy events with the docs' content field and a bare [DONE]",
      [{ data: '{"content":"Hi"}' }, { data: "[DONE]" }],
      [
        message("r-message-1"),
        { type: "text-delta", ...scope, itemId: "r-message-1", delta: "Hi" },
        { type: "item-done", ...scope, itemId: "r-message-1" },
        finishedOk,
      ],
    ],
    [
      "tool_start / tool_end into a tool call, closing the text before it",
      [
        delta("Checking."),
        { event: "tool_start", data: '{"tool":"weather","args":"{\\"city\\":\\"Oslo\\"}"}' },
        { event: "tool_end", data: '{"tool":"weather","ok":true,"result":{"c":3}}' },
        delta("Done."),
        done,
      ],
      [
        message("r-message-1"),
        { type: "text-delta", ...scope, itemId: "r-message-1", delta: "Checking." },
        { type: "item-done", ...scope, itemId: "r-message-1" },
        {
          type: "item-added",
          ...scope,
          item: {
            id: "r-tool-2",
            type: "tool_call",
            timestamp: "T",
            toolCall: {
              id: "r-tool-2",
              name: "weather",
              arguments: { city: "Oslo" },
              status: "executing",
            },
          },
        },
        {
          type: "item-updated",
          ...scope,
          itemId: "r-tool-2",
          patch: { toolCall: { status: "completed", result: { c: 3 } } },
        },
        { type: "item-done", ...scope, itemId: "r-tool-2" },
        message("r-message-3"),
        { type: "text-delta", ...scope, itemId: "r-message-3", delta: "Done." },
        { type: "item-done", ...scope, itemId: "r-message-3" },
        finishedOk,
      ],
    ],
    [
      "a failed tool (ok: false)",
      [
        { event: "tool_start", data: '{"tool":"search","args":"not json"}' },
        { event: "tool_end", data: '{"tool":"search","ok":false}' },
      ],
      [
        expect.objectContaining({
          item: expect.objectContaining({
            toolCall: expect.objectContaining({ arguments: { input: "not json" } }),
          }),
        }),
        {
          type: "item-updated",
          ...scope,
          itemId: "r-tool-1",
          patch: { toolCall: { status: "error", error: "search failed." } },
        },
        { type: "item-done", ...scope, itemId: "r-tool-1" },
      ],
    ],
    [
      "tool_render into a card: component as type, props as content",
      [
        {
          event: "tool_render",
          data: JSON.stringify({
            tool: "lookup",
            component: "status-card",
            props: {
              title: "Build",
              state: "green",
              actions: [{ id: "x", label: "Open", type: "link", action: "https://ci" }],
            },
          }),
        },
      ],
      [
        {
          type: "item-added",
          ...scope,
          item: {
            id: "r-card-1",
            type: "card",
            timestamp: "T",
            card: {
              id: "r-card-1",
              type: "status-card",
              title: "Build",
              content: { state: "green" },
              actions: [{ id: "x", label: "Open", type: "link", action: "https://ci" }],
            },
          },
        },
        { type: "item-done", ...scope, itemId: "r-card-1" },
      ],
    ],
    [
      "error then done: the turn ends in error with the server's words",
      [delta("Par"), { event: "error", data: '{"error":"model overloaded"}' }, done],
      [
        message("r-message-1"),
        { type: "text-delta", ...scope, itemId: "r-message-1", delta: "Par" },
        {
          type: "error",
          ...scope,
          error: expect.objectContaining({
            code: "SERVER_ERROR",
            message: "The agent reported an error: model overloaded",
            retryable: true,
          }),
        },
        { type: "item-done", ...scope, itemId: "r-message-1" },
        expect.objectContaining({
          type: "run-finished",
          status: "error",
          error: expect.objectContaining({ code: "SERVER_ERROR" }),
        }),
      ],
    ],
    [
      "unknown events, and anything after done, are ignored",
      [
        { event: "run_id", data: '{"run_id":"1"}' },
        { event: "heartbeat", data: "x" },
        done,
        delta("late"),
      ],
      [finishedOk],
    ],
    ["empty deltas add nothing", [delta("")], []],
  ])("decodes %s", (_name, messages, expected) => {
    expect(decodeAll(messages)).toEqual(expected)
  })

  it.each<[string, SSEMessage, RegExp]>([
    ["invalid JSON in data", { event: "delta", data: "{nope" }, /not JSON/],
    ["data that is not an object", { event: "delta", data: "[1]" }, /not an object/],
    [
      "a delta with neither delta nor content",
      { event: "delta", data: "{}" },
      /neither delta nor content/,
    ],
    ["tool_start without a tool", { event: "tool_start", data: "{}" }, /without a tool name/],
    [
      "tool_end without a running call",
      { event: "tool_end", data: '{"tool":"x"}' },
      /no call of that tool/,
    ],
    [
      "tool_render without a component",
      { event: "tool_render", data: "{}" },
      /without a component/,
    ],
    [
      "tool_render with an unsafe action",
      { event: "tool_render", data: '{"component":"c","props":{"actions":[{"type":"script"}]}}' },
      /Skipped a tool_render card/,
    ],
  ])("reports %s as a PROTOCOL_ERROR and goes on", (_name, bad, problem) => {
    const events = decodeAll([bad, delta("ok"), done])
    expect(events[0]).toMatchObject({
      type: "error",
      error: { code: "PROTOCOL_ERROR", message: expect.stringMatching(problem) },
    })
    expect(events.at(-1)).toEqual(finishedOk)
    expect(events.some((event) => event.type === "text-delta" && event.delta === "ok")).toBe(true)
  })

  // The hot path reads plain deltas without JSON.parse; anything it declines goes to
  // JSON.parse, so both must agree on every input (a raw control character is not JSON).
  it.each<[string, string, string | null]>([
    ["a plain token", '{"delta":"Hel"}', "Hel"],
    ["two-byte text", '{"delta":"dög 🦊"}', "dög 🦊"],
    ["an escaped quote", '{"delta":"say \\"hi\\""}', 'say "hi"'],
    ["an escaped newline and tab", '{"delta":"a\\nb\\tc"}', "a\nb\tc"],
    ["a unicode escape", '{"delta":"caf\\u00e9"}', "café"],
    ["an extra field", '{"delta":"x","seq":1}', "x"],
    ["spaces around the JSON", ' { "delta" : "x" } ', "x"],
    ["a raw tab", '{"delta":"a\tb"}', null],
    ["a raw newline (data on two lines)", '{"delta":"a\nb"}', null],
    ["a raw NUL", '{"delta":"a\u0000b"}', null],
    ["an unterminated string", '{"delta":"}', null],
    ["a stray quote", '{"delta":"a"b"}', null],
  ])("reads %s in a delta as JSON.parse does", (_name, data, text) => {
    const events = decodeAll([{ event: "delta", data }])
    if (text === null) {
      expect(events).toEqual([
        expect.objectContaining({
          type: "error",
          error: expect.objectContaining({ code: "PROTOCOL_ERROR" }),
        }),
      ])
    } else {
      expect(events).toEqual([
        message("r-message-1"),
        { type: "text-delta", ...scope, itemId: "r-message-1", delta: text },
      ])
    }
  })

  it("closes open items on interrupt: a running tool ends as the reason says", () => {
    const state = hairaDialect.createState(context)
    hairaDialect.decode(state, delta("a"))
    hairaDialect.decode(state, { event: "tool_start", data: '{"tool":"t","args":"{}"}' })
    expect(hairaDialect.interrupt(state, "cancelled")).toEqual([
      {
        type: "item-updated",
        ...scope,
        itemId: "r-tool-2",
        patch: { toolCall: { status: "cancelled" } },
      },
      { type: "item-done", ...scope, itemId: "r-tool-2" },
    ])
    expect(hairaDialect.interrupt(state, "cancelled")).toEqual([])
  })
})

describe("hairaDialect.decodeJson (the JSON fallback)", () => {
  it.each<[string, unknown, unknown[]]>([
    [
      "{reply}",
      { reply: "All good." },
      [
        message("r-message-1", "All good."),
        { type: "item-done", ...scope, itemId: "r-message-1" },
        finishedOk,
      ],
    ],
    [
      "{error}",
      { error: "boom" },
      [
        expect.objectContaining({
          type: "error",
          error: expect.objectContaining({ message: "The agent reported an error: boom" }),
        }),
        expect.objectContaining({ type: "run-finished", status: "error" }),
      ],
    ],
    [
      "anything else",
      { result: 1 },
      [
        expect.objectContaining({
          type: "error",
          error: expect.objectContaining({ code: "PROTOCOL_ERROR" }),
        }),
        expect.objectContaining({ type: "run-finished", status: "error" }),
      ],
    ],
  ])("decodes %s", (_name, body, expected) => {
    const state = hairaDialect.createState(context)
    expect(hairaDialect.decodeJson?.(state, body)).toEqual(expected)
  })
})

describe("hairaDialect.decodeHistory", () => {
  it("reads Haira's stored messages, with ui_events as cards", () => {
    const body = {
      id: "s",
      messages: [
        { role: "user", content: "hi", timestamp: "t1" },
        {
          role: "assistant",
          content: "Here.",
          timestamp: "t2",
          ui_events: [{ component: "table", props: { rows: [] } }],
        },
      ],
    }
    expect(hairaDialect.decodeHistory?.(body, { sessionId: "s" })).toEqual([
      { id: "s-0", type: "message", role: "user", content: "hi", timestamp: "t1" },
      { id: "s-1", type: "message", role: "assistant", content: "Here.", timestamp: "t2" },
      {
        id: "s-1-card-0",
        type: "card",
        card: { id: "s-1-card-0", type: "table", content: { rows: [] } },
        timestamp: "t2",
      },
    ])
  })

  it.each([
    [{ nothing: true }, /no messages array/],
    [{ messages: [{ role: "user" }] }, /message 0 has no text content/],
    [{ items: [{ id: "x", type: "video" }] }, /item 0: type is not/],
    [
      {
        messages: [
          {
            role: "assistant",
            content: "",
            ui_events: [{ component: "c", props: { actions: [{ type: "script" }] } }],
          },
        ],
      },
      /message 0's component 0: a card action/,
    ],
  ])("rejects %j with a PROTOCOL_ERROR", (body, problem) => {
    expect(() => hairaDialect.decodeHistory?.(body, { sessionId: "s" })).toThrow(problem)
  })
})

describe("hairaDialect.encodeRequest", () => {
  it.each([
    [
      { message: "hi", sessionId: "s1", runId: "r", history: [] },
      { message: "hi", session_id: "s1" },
    ],
    [
      { message: "ünïcode ✓", sessionId: "s2", runId: "r", history: [] },
      { message: "ünïcode ✓", session_id: "s2" },
    ],
  ])("encodes %j as the workflow's params", (request, body) => {
    expect(hairaDialect.encodeRequest(request)).toEqual(body)
  })
})
