import type { ChatResponseItem } from "@aichatkit/types"
import { describe, expect, it } from "vitest"
import { encodeHairaFrames, formatHairaFrame, hairaAnswer } from "./sse-haira.js"

describe("encodeHairaFrames", () => {
  const scope = { agentId: "a", runId: "r" }
  it.each([
    [
      { type: "text-delta", ...scope, itemId: "m", delta: "Hi" } as const,
      [{ event: "delta", data: '{"delta":"Hi"}' }],
    ],
    [{ type: "item-done", ...scope, itemId: "m" } as const, []],
    [{ type: "run-started", ...scope } as const, []],
    [
      { type: "run-finished", ...scope, status: "ok" } as const,
      [{ event: "done", data: "[DONE]" }],
    ],
    [
      {
        type: "error",
        ...scope,
        error: { code: "SERVER_ERROR", message: "boom", retryable: true },
      } as const,
      [{ event: "error", data: '{"error":"boom"}' }],
    ],
  ])("encodes %j", (event, expected) => {
    expect(encodeHairaFrames(event, new Map())).toEqual(expected)
  })

  it("names the tool in tool_end, which Haira's wire needs, and skips progress", () => {
    const tools = new Map<string, string>()
    const added = encodeHairaFrames(
      {
        type: "item-added",
        ...scope,
        item: {
          id: "t",
          type: "tool_call",
          toolCall: { id: "t", name: "w", arguments: { a: 1 }, status: "pending" },
        },
      },
      tools,
    )
    expect(added).toEqual([{ event: "tool_start", data: '{"tool":"w","args":"{\\"a\\":1}"}' }])
    expect(
      encodeHairaFrames(
        { type: "item-updated", ...scope, itemId: "t", patch: { toolCall: { progress: 50 } } },
        tools,
      ),
    ).toEqual([])
    expect(
      encodeHairaFrames(
        {
          type: "item-updated",
          ...scope,
          itemId: "t",
          patch: { toolCall: { status: "error", error: "no" } },
        },
        tools,
      ),
    ).toEqual([{ event: "tool_end", data: '{"tool":"w","ok":false,"error":"no"}' }])
  })
})

describe("formatHairaFrame", () => {
  it("writes one SSE event with its id", () => {
    expect(formatHairaFrame("run:3", { event: "delta", data: '{"delta":"x"}' })).toBe(
      'id: run:3\nevent: delta\ndata: {"delta":"x"}\n\n',
    )
  })
})

describe("hairaAnswer", () => {
  it("stores a turn as Haira does: texts joined, cards as ui_events", () => {
    const message = hairaAnswer(
      [
        { id: "m1", type: "message", role: "assistant", content: "One", timestamp: "T" },
        {
          id: "c",
          type: "card",
          card: { id: "c", type: "weather", title: "Oslo", content: { c: 3 } },
          timestamp: "T",
        },
        { id: "m2", type: "message", role: "assistant", content: "Two", timestamp: "T" },
      ],
      "T2",
    )
    expect(message).toEqual({
      role: "assistant",
      content: "One\n\nTwo",
      timestamp: "T2",
      ui_events: [
        { tool: "card", component: "weather", props: { c: 3, title: "Oslo", actions: undefined } },
      ],
    })
  })

  it("leaves ui_events out of a text-only answer", () => {
    expect(hairaAnswer([], "T")).toEqual({ role: "assistant", content: "", timestamp: "T" })
  })
})

describe("an agent's files on the Haira wire", () => {
  const scope = { agentId: "a", runId: "r" }
  const chart = {
    id: "f",
    name: "chart.svg",
    mediaType: "image/svg+xml",
    size: 9,
    url: "data:image/svg+xml;base64,PHN2Zy8+",
  }
  const pdf = { id: "g", name: "r.pdf", mediaType: "application/pdf", url: "https://x.test/r.pdf" }
  const item: ChatResponseItem = {
    id: "m",
    type: "message",
    role: "assistant",
    content: "",
    timestamp: "T",
    attachments: [chart, pdf],
  }

  it("sends an image as an image component and any other file as a file component", () => {
    const frames = encodeHairaFrames({ type: "item-added", ...scope, item }, new Map())
    expect(frames.map((frame) => ({ event: frame.event, data: JSON.parse(frame.data) }))).toEqual([
      {
        event: "tool_render",
        data: {
          tool: "files",
          component: "image",
          props: { src: chart.url, alt: "chart.svg", media_type: "image/svg+xml", size: 9 },
        },
      },
      {
        event: "tool_render",
        data: {
          tool: "files",
          component: "file",
          props: { url: pdf.url, name: "r.pdf", media_type: "application/pdf" },
        },
      },
    ])
  })

  it("stores them as ui_events, with no empty text for the file's message", () => {
    const intro = {
      id: "i",
      type: "message",
      role: "assistant",
      content: "Here",
      timestamp: "T",
    } as const
    const stored = hairaAnswer([intro, item], "T2")
    expect(stored.content).toBe("Here")
    expect(stored.ui_events).toEqual([
      expect.objectContaining({
        component: "image",
        props: expect.objectContaining({ src: chart.url }),
      }),
      expect.objectContaining({
        component: "file",
        props: expect.objectContaining({ url: pdf.url }),
      }),
    ])
  })
})
