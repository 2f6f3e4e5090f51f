import type { ChatEvent, ChatResponseItem } from "@aichatkit/types"
import { describe, expect, it } from "vitest"
import { agUiDialect } from "./ag-ui.js"

const context = { agentId: "a", runId: "r", now: () => "T" }
const scope = { agentId: "a", runId: "r" }

function decodeAll(events: unknown[]): ChatEvent[] {
  const state = agUiDialect.createState(context)
  return events.flatMap((event) =>
    agUiDialect.decode(state, { data: typeof event === "string" ? event : JSON.stringify(event) }),
  )
}

const opened = (id: string) => ({
  type: "item-added",
  ...scope,
  item: { id, type: "message", role: "assistant", content: "", timestamp: "T" },
})

describe("agUiDialect.decode", () => {
  it.each<[string, unknown[], unknown[]]>([
    [
      "a text message between RUN_STARTED and RUN_FINISHED",
      [
        { type: "RUN_STARTED", threadId: "t", runId: "x" },
        { type: "TEXT_MESSAGE_START", messageId: "m", role: "assistant" },
        { type: "TEXT_MESSAGE_CONTENT", messageId: "m", delta: "Hi" },
        { type: "TEXT_MESSAGE_END", messageId: "m" },
        { type: "RUN_FINISHED", threadId: "t", runId: "x" },
      ],
      [
        opened("m"),
        { type: "text-delta", ...scope, itemId: "m", delta: "Hi" },
        { type: "item-done", ...scope, itemId: "m" },
        { type: "run-finished", ...scope, status: "ok" },
      ],
    ],
    [
      "TEXT_MESSAGE_CHUNKs, the later ones without a messageId",
      [
        { type: "TEXT_MESSAGE_CHUNK", messageId: "m", delta: "A" },
        { type: "TEXT_MESSAGE_CHUNK", delta: "B" },
      ],
      [
        opened("m"),
        { type: "text-delta", ...scope, itemId: "m", delta: "A" },
        { type: "text-delta", ...scope, itemId: "m", delta: "B" },
      ],
    ],
    [
      "a tool call with streamed arguments and a JSON result",
      [
        { type: "TOOL_CALL_START", toolCallId: "c", toolCallName: "weather" },
        { type: "TOOL_CALL_ARGS", toolCallId: "c", delta: '{"city":' },
        { type: "TOOL_CALL_ARGS", toolCallId: "c", delta: '"Oslo"}' },
        { type: "TOOL_CALL_END", toolCallId: "c" },
        { type: "TOOL_CALL_RESULT", messageId: "x", toolCallId: "c", content: '{"c":3}' },
      ],
      [
        {
          type: "item-added",
          ...scope,
          item: {
            id: "c",
            type: "tool_call",
            timestamp: "T",
            toolCall: { id: "c", name: "weather", arguments: {}, status: "pending" },
          },
        },
        {
          type: "item-updated",
          ...scope,
          itemId: "c",
          patch: { toolCall: { arguments: { city: "Oslo" }, status: "executing" } },
        },
        {
          type: "item-updated",
          ...scope,
          itemId: "c",
          patch: {
            toolCall: { arguments: { city: "Oslo" }, status: "completed", result: { c: 3 } },
          },
        },
        { type: "item-done", ...scope, itemId: "c" },
      ],
    ],
    [
      "a plain-text tool result",
      [
        { type: "TOOL_CALL_START", toolCallId: "c", toolCallName: "echo" },
        { type: "TOOL_CALL_RESULT", messageId: "x", toolCallId: "c", content: "just text" },
      ],
      [
        expect.objectContaining({ type: "item-added" }),
        {
          type: "item-updated",
          ...scope,
          itemId: "c",
          patch: { toolCall: { arguments: {}, status: "completed", result: "just text" } },
        },
        { type: "item-done", ...scope, itemId: "c" },
      ],
    ],
    [
      "RUN_ERROR: the turn fails with the server's message",
      [{ type: "RUN_ERROR", message: "no model" }],
      [
        expect.objectContaining({
          type: "error",
          error: expect.objectContaining({ message: "The agent reported an error: no model" }),
        }),
        expect.objectContaining({ type: "run-finished", status: "error" }),
      ],
    ],
    [
      "RUN_FINISHED with a cancelled outcome",
      [{ type: "RUN_FINISHED", threadId: "t", runId: "x", outcome: { type: "cancelled" } }],
      [{ type: "run-finished", ...scope, status: "cancelled" }],
    ],
    [
      "state, steps, reasoning, custom and raw events are ignored",
      [
        { type: "STATE_SNAPSHOT", snapshot: {} },
        { type: "STATE_DELTA", delta: [] },
        { type: "STEP_STARTED", stepName: "s" },
        { type: "REASONING_START", messageId: "r" },
        { type: "CUSTOM", name: "x", value: 1 },
        { type: "RAW", event: {} },
      ],
      [],
    ],
  ])("decodes %s", (_name, events, expected) => {
    expect(decodeAll(events)).toEqual(expected)
  })

  it.each<[string, unknown, RegExp]>([
    ["invalid JSON", "{", /not JSON/],
    ["an event without a type", { messageId: "m" }, /without a type/],
    [
      "content without a messageId",
      { type: "TEXT_MESSAGE_CONTENT", delta: "x" },
      /without a messageId/,
    ],
    [
      "args for a tool call that never started",
      { type: "TOOL_CALL_ARGS", toolCallId: "z", delta: "{}" },
      /never started/,
    ],
    [
      "a TOOL_CALL_START without a name",
      { type: "TOOL_CALL_START", toolCallId: "z" },
      /without toolCallId or toolCallName/,
    ],
  ])("reports %s as a PROTOCOL_ERROR", (_name, event, problem) => {
    expect(decodeAll([event])).toEqual([
      expect.objectContaining({
        type: "error",
        error: expect.objectContaining({
          code: "PROTOCOL_ERROR",
          message: expect.stringMatching(problem),
        }),
      }),
    ])
  })
})

describe("agUiDialect.encodeRequest", () => {
  const history: ChatResponseItem[] = [
    { id: "u1", type: "message", role: "user", content: "hi", timestamp: "T" },
    { id: "k", type: "card", card: { id: "k", type: "x", content: {} } },
  ]
  it.each([
    [
      "a first message",
      { message: "hello", sessionId: "thread", runId: "run", history: [] },
      [{ id: "run-user", role: "user", content: "hello" }],
    ],
    [
      "a later message, with the text of the conversation so far",
      { message: "again", sessionId: "thread", runId: "run", history },
      [
        { id: "u1", role: "user", content: "hi" },
        { id: "run-user", role: "user", content: "again" },
      ],
    ],
    [
      "a message with an image and a linked file, as text and binary parts",
      {
        message: "look",
        sessionId: "thread",
        runId: "run",
        history: [],
        attachments: [
          { id: "a", name: "p.png", mediaType: "image/png", url: "data:image/png;base64,AAAA" },
          { id: "b", name: "r.pdf", mediaType: "application/pdf", url: "https://x/r.pdf" },
        ],
      },
      [
        {
          id: "run-user",
          role: "user",
          content: [
            { type: "text", text: "look" },
            { type: "binary", mimeType: "image/png", filename: "p.png", data: "AAAA" },
            {
              type: "binary",
              mimeType: "application/pdf",
              filename: "r.pdf",
              url: "https://x/r.pdf",
            },
          ],
        },
      ],
    ],
  ])("encodes %s as a RunAgentInput", (_name, request, messages) => {
    expect(agUiDialect.encodeRequest(request)).toEqual({
      threadId: "thread",
      runId: "run",
      state: {},
      messages,
      tools: [],
      context: [],
      forwardedProps: {},
    })
  })
})
