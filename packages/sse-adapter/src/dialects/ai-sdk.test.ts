import type { ChatEvent, ChatResponseItem } from "@aichatkit/types"
import { describe, expect, it } from "vitest"
import { aiSdkDialect } from "./ai-sdk.js"

const context = { agentId: "a", runId: "r", now: () => "T" }
const scope = { agentId: "a", runId: "r" }

function decodeAll(chunks: unknown[]): ChatEvent[] {
  const state = aiSdkDialect.createState(context)
  return chunks.flatMap((chunk) =>
    aiSdkDialect.decode(state, { data: typeof chunk === "string" ? chunk : JSON.stringify(chunk) }),
  )
}

const toolItem = (status: string, input: Record<string, unknown> = {}) => ({
  type: "item-added",
  ...scope,
  item: {
    id: "r-tool-c1",
    type: "tool_call",
    timestamp: "T",
    toolCall: { id: "c1", name: "weather", arguments: input, status },
  },
})
const update = (toolCall: Record<string, unknown>) => ({
  type: "item-updated",
  ...scope,
  itemId: "r-tool-c1",
  patch: { toolCall },
})
const doneTool = { type: "item-done", ...scope, itemId: "r-tool-c1" }
const finishedOk = { type: "run-finished", ...scope, status: "ok" }

describe("aiSdkDialect.decode", () => {
  it.each<[string, unknown[], unknown[]]>([
    [
      "a text part, ignoring start/step chunks",
      [
        { type: "start", messageId: "m" },
        { type: "start-step" },
        { type: "text-start", id: "t" },
        { type: "text-delta", id: "t", delta: "Hi" },
        { type: "text-end", id: "t" },
        { type: "finish-step" },
        { type: "finish" },
        "[DONE]",
      ],
      [
        {
          type: "item-added",
          ...scope,
          item: { id: "r-text-t", type: "message", role: "assistant", content: "", timestamp: "T" },
        },
        { type: "text-delta", ...scope, itemId: "r-text-t", delta: "Hi" },
        { type: "item-done", ...scope, itemId: "r-text-t" },
        finishedOk,
      ],
    ],
    [
      "a tool part from input-start to output",
      [
        { type: "tool-input-start", toolCallId: "c1", toolName: "weather" },
        { type: "tool-input-delta", toolCallId: "c1", inputTextDelta: '{"city"' },
        {
          type: "tool-input-available",
          toolCallId: "c1",
          toolName: "weather",
          input: { city: "Oslo" },
        },
        { type: "tool-output-available", toolCallId: "c1", output: { c: 3 } },
      ],
      [
        toolItem("pending"),
        update({ arguments: { city: "Oslo" }, status: "executing" }),
        update({ status: "completed", result: { c: 3 } }),
        doneTool,
      ],
    ],
    [
      "a tool call that arrives whole (no input-start), with a preliminary output",
      [
        {
          type: "tool-input-available",
          toolCallId: "c1",
          toolName: "weather",
          input: { city: "Oslo" },
        },
        { type: "tool-output-available", toolCallId: "c1", output: 1, preliminary: true },
        { type: "tool-output-available", toolCallId: "c1", output: 2 },
      ],
      [
        toolItem("pending", { city: "Oslo" }),
        update({ arguments: { city: "Oslo" }, status: "executing" }),
        update({ status: "executing", result: 1 }),
        update({ status: "completed", result: 2 }),
        doneTool,
      ],
    ],
    [
      "a tool that fails, and one the user denied",
      [
        { type: "tool-input-available", toolCallId: "c1", toolName: "weather", input: {} },
        { type: "tool-output-error", toolCallId: "c1", errorText: "API down" },
      ],
      [
        toolItem("pending"),
        update({ arguments: {}, status: "executing" }),
        update({ status: "error", error: "API down" }),
        doneTool,
      ],
    ],
    [
      "a tool call whose input the model got wrong",
      [
        {
          type: "tool-input-error",
          toolCallId: "c1",
          toolName: "weather",
          input: "{bad",
          errorText: "Invalid input",
        },
      ],
      [
        toolItem("pending", { input: "{bad" }),
        update({ status: "error", error: "Invalid input" }),
        doneTool,
      ],
    ],
    [
      "a denied tool",
      [
        { type: "tool-input-start", toolCallId: "c1", toolName: "weather" },
        { type: "tool-output-denied", toolCallId: "c1" },
      ],
      [toolItem("pending"), update({ status: "cancelled" }), doneTool],
    ],
    [
      "reasoning as a card of type reasoning",
      [
        { type: "reasoning-start", id: "x" },
        { type: "reasoning-delta", id: "x", delta: "Hm" },
        { type: "reasoning-delta", id: "x", delta: "m." },
        { type: "reasoning-end", id: "x" },
      ],
      [
        {
          type: "item-added",
          ...scope,
          item: {
            id: "r-reasoning-x",
            type: "card",
            timestamp: "T",
            card: {
              id: "r-reasoning-x",
              type: "reasoning",
              title: "Reasoning",
              content: { text: "" },
            },
          },
        },
        {
          type: "item-updated",
          ...scope,
          itemId: "r-reasoning-x",
          patch: { card: { content: { text: "Hm" } } },
        },
        {
          type: "item-updated",
          ...scope,
          itemId: "r-reasoning-x",
          patch: { card: { content: { text: "Hmm." } } },
        },
        { type: "item-done", ...scope, itemId: "r-reasoning-x" },
      ],
    ],
    [
      "an error chunk then finish: the turn ends in error",
      [{ type: "error", errorText: "quota exceeded" }, { type: "finish" }],
      [
        {
          type: "error",
          ...scope,
          error: expect.objectContaining({
            code: "SERVER_ERROR",
            message: "The agent reported an error: quota exceeded",
          }),
        },
        expect.objectContaining({ type: "run-finished", status: "error" }),
      ],
    ],
    [
      "abort: the turn ends cancelled",
      [{ type: "abort" }],
      [{ type: "run-finished", ...scope, status: "cancelled" }],
    ],
    [
      "sources, data parts and metadata are ignored",
      [
        { type: "source-url", sourceId: "s", url: "https://x" },
        { type: "data-weather", data: {} },
        { type: "message-metadata", messageMetadata: {} },
      ],
      [],
    ],
    [
      "a file is a message of its own with the attachment, complete at once",
      [
        { type: "file", url: "data:image/png;base64,AA==", mediaType: "image/png" },
        { type: "file", url: "https://x/r.pdf", mediaType: "application/pdf", filename: "r.pdf" },
      ],
      [
        expect.objectContaining({
          type: "item-added",
          item: expect.objectContaining({
            id: "r-file-0",
            content: "",
            attachments: [
              {
                id: "r-file-0-0",
                name: "file-1.png",
                mediaType: "image/png",
                url: "data:image/png;base64,AA==",
              },
            ],
          }),
        }),
        { type: "item-done", ...scope, itemId: "r-file-0" },
        expect.objectContaining({
          item: expect.objectContaining({
            attachments: [
              {
                id: "r-file-1-0",
                name: "r.pdf",
                mediaType: "application/pdf",
                url: "https://x/r.pdf",
              },
            ],
          }),
        }),
        { type: "item-done", ...scope, itemId: "r-file-1" },
      ],
    ],
    [
      "a file chunk without a url is reported and skipped",
      [{ type: "file", mediaType: "image/png" }],
      [
        expect.objectContaining({
          type: "error",
          error: expect.objectContaining({ code: "PROTOCOL_ERROR" }),
        }),
      ],
    ],
    [
      "duplicated chunks change nothing",
      [
        { type: "text-start", id: "t" },
        { type: "text-start", id: "t" },
        { type: "text-end", id: "t" },
        { type: "text-end", id: "t" },
      ],
      [
        expect.objectContaining({ type: "item-added" }),
        { type: "item-done", ...scope, itemId: "r-text-t" },
      ],
    ],
  ])("decodes %s", (_name, chunks, expected) => {
    expect(decodeAll(chunks)).toEqual(expected)
  })

  // The hot path reads plain text-delta chunks without JSON.parse; anything it declines goes
  // to JSON.parse, so both must agree on every input (a raw control character is not JSON).
  it.each<[string, string, [string, string] | null]>([
    ["a plain token", '{"type":"text-delta","id":"t","delta":"Hel"}', ["t", "Hel"]],
    ["two-byte text", '{"type":"text-delta","id":"t","delta":"dög 🦊"}', ["t", "dög 🦊"]],
    ["an escaped quote", '{"type":"text-delta","id":"t","delta":"\\"hi\\""}', ["t", '"hi"']],
    ["an escaped id", '{"type":"text-delta","id":"t\\u0031","delta":"x"}', ["t1", "x"]],
    ["fields in another order", '{"delta":"x","id":"t","type":"text-delta"}', ["t", "x"]],
    ["a raw tab in the delta", '{"type":"text-delta","id":"t","delta":"a\tb"}', null],
    ["a raw tab in the id", '{"type":"text-delta","id":"a\tb","delta":"x"}', null],
    ["a stray quote", '{"type":"text-delta","id":"t","delta":"a"b"}', null],
  ])("reads %s in a text-delta as JSON.parse does", (_name, data, expected) => {
    const events = decodeAll([data])
    if (expected === null) {
      expect(events).toEqual([
        expect.objectContaining({
          type: "error",
          error: expect.objectContaining({ code: "PROTOCOL_ERROR" }),
        }),
      ])
    } else {
      const [partId, text] = expected
      expect(events).toEqual([
        expect.objectContaining({
          type: "item-added",
          item: expect.objectContaining({ id: `r-text-${partId}` }),
        }),
        { type: "text-delta", ...scope, itemId: `r-text-${partId}`, delta: text },
      ])
    }
  })

  it.each<[string, unknown, RegExp]>([
    ["invalid JSON", "{oops", /not JSON/],
    ["a chunk without a type", { delta: "x" }, /without a type/],
    [
      "an output for an unknown tool call",
      { type: "tool-output-available", toolCallId: "zz", output: 1 },
      /unknown tool call/,
    ],
  ])("reports %s as a PROTOCOL_ERROR", (_name, chunk, problem) => {
    expect(decodeAll([chunk])).toEqual([
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

describe("aiSdkDialect.encodeRequest", () => {
  const history: ChatResponseItem[] = [
    { id: "u1", type: "message", role: "user", content: "hi", timestamp: "T" },
    { id: "a1", type: "message", role: "assistant", content: "hello", timestamp: "T" },
    {
      id: "t1",
      type: "tool_call",
      toolCall: { id: "c", name: "w", arguments: {}, status: "completed" },
    },
  ]
  it.each([
    [
      "a first message",
      { message: "weather?", sessionId: "s", runId: "r", history: [] },
      {
        id: "s",
        trigger: "submit-message",
        messages: [{ id: "r-user", role: "user", parts: [{ type: "text", text: "weather?" }] }],
      },
    ],
    [
      "a message after a conversation (a tool call as a tool part of the answer)",
      { message: "more", sessionId: "s", runId: "r2", history },
      {
        id: "s",
        trigger: "submit-message",
        messages: [
          { id: "u1", role: "user", parts: [{ type: "text", text: "hi" }] },
          {
            id: "a1",
            role: "assistant",
            parts: [
              { type: "text", text: "hello" },
              {
                type: "tool-w",
                toolCallId: "c",
                input: {},
                state: "output-available",
                output: null,
              },
            ],
          },
          { id: "r2-user", role: "user", parts: [{ type: "text", text: "more" }] },
        ],
      },
    ],
    [
      "the answer to an approval (no new user message)",
      {
        message: "",
        sessionId: "s",
        runId: "r3",
        continuation: true,
        history: [
          history[0] as ChatResponseItem,
          {
            id: "t2",
            type: "tool_call",
            toolCall: {
              id: "c2",
              name: "w",
              arguments: { city: "Oslo" },
              status: "awaiting-approval",
              approval: { approved: false, reason: "no" },
            },
          } satisfies ChatResponseItem,
        ],
      },
      {
        id: "s",
        trigger: "submit-message",
        messages: [
          { id: "u1", role: "user", parts: [{ type: "text", text: "hi" }] },
          {
            id: "t2",
            role: "assistant",
            parts: [
              {
                type: "tool-w",
                toolCallId: "c2",
                input: { city: "Oslo" },
                state: "approval-responded",
                approval: { id: "c2", approved: false, reason: "no" },
              },
            ],
          },
        ],
      },
    ],
  ])("encodes %s as the AI SDK transport's body", (_name, request, body) => {
    expect(aiSdkDialect.encodeRequest(request)).toEqual(body)
  })
})
