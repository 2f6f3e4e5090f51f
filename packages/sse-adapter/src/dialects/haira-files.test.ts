import type { ChatEvent } from "@aichatkit/types"
import { describe, expect, it } from "vitest"
import type { SSEMessage } from "../types.js"
import { hairaDialect } from "./haira.js"

const context = { agentId: "a", runId: "r", now: () => "T" }
const scope = { agentId: "a", runId: "r" }
const png = "iVBORw0KGgoAAAANSUhEUg=="

function decodeAll(messages: SSEMessage[]): ChatEvent[] {
  const state = hairaDialect.createState(context)
  return messages.flatMap((message) => hairaDialect.decode(state, message))
}

const render = (component: string, props: unknown): SSEMessage => ({
  event: "tool_render",
  data: JSON.stringify({ tool: "chart", component, props }),
})
const delta = (text: string): SSEMessage => ({
  event: "delta",
  data: JSON.stringify({ delta: text }),
})

function fileItem(id: string, attachment: Record<string, unknown>) {
  return {
    type: "item-added",
    ...scope,
    item: {
      id,
      type: "message",
      role: "assistant",
      content: "",
      timestamp: "T",
      attachments: [{ id: `${id}-0`, ...attachment }],
    },
  }
}

const added = (events: ChatEvent[]) => events.filter((event) => event.type === "item-added")
const errors = (events: ChatEvent[]) =>
  events.flatMap((event) => (event.type === "error" ? [event.error.message] : []))

describe("Haira files (tool_render image / file)", () => {
  it("an image component is the agent's image, after the text before it", () => {
    const url = `data:image/png;base64,${png}`
    expect(
      decodeAll([delta("Here is the chart."), render("image", { src: url, alt: "Sales chart" })]),
    ).toEqual([
      expect.objectContaining({ type: "item-added" }),
      expect.objectContaining({ type: "text-delta" }),
      { type: "item-done", ...scope, itemId: "r-message-1" },
      fileItem("r-file-2", { name: "Sales chart", mediaType: "image/png", url }),
      { type: "item-done", ...scope, itemId: "r-file-2" },
    ])
  })

  it("takes a file by URL (type from its extension) and an image as base64 data", () => {
    const events = decodeAll([
      render("file", { url: "https://files.test/q3/report.pdf?sig=1", size: 1200 }),
      render("image", { data: png, media_type: "image/png", name: "chart.png" }),
      render("image", { src: "https://img.test/chart" }),
    ])
    expect(added(events)).toEqual([
      fileItem("r-file-1", {
        name: "report.pdf",
        mediaType: "application/pdf",
        url: "https://files.test/q3/report.pdf?sig=1",
        size: 1200,
      }),
      fileItem("r-file-2", {
        name: "chart.png",
        mediaType: "image/png",
        url: `data:image/png;base64,${png}`,
      }),
      fileItem("r-file-3", { name: "chart", mediaType: "image/*", url: "https://img.test/chart" }),
    ])
    expect(errors(events)).toEqual([])
  })

  it("shows the same image rendered twice in one turn twice, as Haira's own client does", () => {
    // The wire has no ids; Haira's server writes each render once (no replay on this path),
    // so a repeat is the agent's own and its arp-react client appends every one.
    const image = render("image", { src: "https://img.test/chart.png", alt: "Chart" })
    const events = decodeAll([image, image])
    const twice = { name: "Chart", mediaType: "image/png", url: "https://img.test/chart.png" }
    expect(added(events)).toEqual([fileItem("r-file-1", twice), fileItem("r-file-2", twice)])
  })

  it("other components stay cards", () => {
    const events = decodeAll([render("status-card", { title: "Build", status: "ok" })])
    expect(added(events)).toEqual([
      expect.objectContaining({ item: expect.objectContaining({ type: "card" }) }),
    ])
  })

  it.each([
    ["a javascript: URL", { src: "javascript:alert(1)" }, /its URL runs a script/],
    ["a data:text/html URL", { src: "data:text/html,<script>alert(1)</script>" }, /not an image/],
    [
      "data that is not base64",
      { data: "<svg onload=alert(1)>", media_type: "image/svg+xml" },
      /not base64/,
    ],
    ["no URL at all", { alt: "nothing" }, /no URL and no data/],
  ])("refuses %s with a clear error and adds nothing", (_name, props, message) => {
    const events = decodeAll([
      delta("Before."),
      render("image", props),
      delta(" After."),
      { event: "done", data: "[DONE]" },
    ])
    expect(errors(events)).toEqual([expect.stringMatching(message)])
    // The text goes on in the one message: the refused file did not interrupt it.
    expect(added(events)).toHaveLength(1)
    expect(events.filter((event) => event.type === "text-delta")).toHaveLength(2)
  })

  it("refuses a 50 MB base64 image without keeping it", () => {
    const data = "A".repeat(50 * 1024 * 1024)
    const events = decodeAll([render("image", { data, media_type: "image/png", name: "huge.png" })])
    expect(added(events)).toEqual([])
    expect(errors(events)).toEqual([
      expect.stringMatching(
        /Skipped the agent's file "huge.png": it is 39321600 bytes, over the 20971520 byte limit/,
      ),
    ])
  })

  it("keeps a name with markup as text, and a replayed render is one more item, never a merge", () => {
    const name = '<img src=x onerror="alert(1)">.png'
    const frame = render("image", { src: `data:image/png;base64,${png}`, name })
    const events = decodeAll([frame, frame])
    expect(added(events).map((event) => event.type === "item-added" && event.item)).toEqual([
      expect.objectContaining({ id: "r-file-1", attachments: [expect.objectContaining({ name })] }),
      expect.objectContaining({ id: "r-file-2", attachments: [expect.objectContaining({ name })] }),
    ])
  })
})

describe("Haira files in a stored chat (ui_events)", () => {
  const url = `data:image/png;base64,${png}`
  const history = (props: unknown) => ({
    messages: [
      {
        role: "assistant",
        content: "Here is the chart.",
        timestamp: "T",
        ui_events: [{ tool: "chart", component: "image", props }],
      },
    ],
  })

  it("reads an image component as the agent's image after the text", () => {
    expect(
      hairaDialect.decodeHistory?.(history({ src: url, alt: "chart" }), { sessionId: "s" }),
    ).toEqual([
      {
        id: "s-0",
        type: "message",
        role: "assistant",
        content: "Here is the chart.",
        timestamp: "T",
      },
      {
        id: "s-0-file-0",
        type: "message",
        role: "assistant",
        content: "",
        timestamp: "T",
        attachments: [{ id: "s-0-file-0-0", name: "chart", mediaType: "image/png", url }],
      },
    ])
  })

  it("refuses a stored javascript: image, saying which", () => {
    expect(() =>
      hairaDialect.decodeHistory?.(history({ src: "javascript:alert(1)" }), { sessionId: "s" }),
    ).toThrow(/message 0's file 0: its URL runs a script/)
  })
})
