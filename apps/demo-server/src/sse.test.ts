import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { WireEndpoint } from "./endpoint.js"
import { createSseEndpoint } from "./sse.js"

let server: Server
let endpoint: WireEndpoint
let base: string

beforeAll(async () => {
  endpoint = createSseEndpoint({ tokenDelayMs: 1, resumeWindowMs: 2000 })
  server = createServer(async (request, response) => {
    if (!(await endpoint.handleRequest?.(request, response))) response.writeHead(404).end()
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  await endpoint.close?.()
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

interface Frame {
  id?: string
  event?: string
  data: string
}

/** Splits an SSE body into its events (the server writes LF and no multi-line data). */
function frames(text: string): Frame[] {
  return text
    .split("\n\n")
    .filter((block) => block.trim() !== "" && !block.startsWith(":"))
    .map((block) => {
      const frame: Frame = { data: "" }
      for (const line of block.split("\n")) {
        const [field, ...rest] = line.split(": ")
        const value = rest.join(": ")
        if (field === "id") frame.id = value
        else if (field === "event") frame.event = value
        else if (field === "data") frame.data = value
      }
      return frame
    })
}

function post(body: unknown, headers: Record<string, string> = { Accept: "text/event-stream" }) {
  return fetch(`${base}/chat`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  })
}

describe("POST /chat as a Haira streaming workflow", () => {
  it("streams delta events with ids and ends with done [DONE]", async () => {
    const response = await post({ message: "hello", session_id: "s-hello" })
    expect(response.headers.get("content-type")).toBe("text/event-stream")
    const events = frames(await response.text())
    expect(events.at(-1)).toMatchObject({ event: "done", data: "[DONE]" })
    const deltas = events.filter((frame) => frame.event === "delta")
    expect(deltas.length).toBeGreaterThan(5)
    const text = deltas.map((frame) => (JSON.parse(frame.data) as { delta: string }).delta).join("")
    expect(text).toMatch(/\S/)
    const ids = events.map((frame) => frame.id)
    const runId = ids[0]?.split(":")[0]
    expect(ids).toEqual(events.map((_, index) => `${runId}:${index}`))
  })

  it("sends tool_start and tool_end (with the result) for a tool call", async () => {
    const events = frames(
      await (await post({ message: "use the tool", session_id: "s-tool" })).text(),
    )
    const start = events.find((frame) => frame.event === "tool_start")
    const end = events.find((frame) => frame.event === "tool_end")
    expect(JSON.parse(start?.data ?? "{}")).toMatchObject({
      tool: "weather",
      args: expect.stringContaining("city"),
    })
    expect(JSON.parse(end?.data ?? "{}")).toMatchObject({
      tool: "weather",
      ok: true,
      result: expect.anything(),
    })
  })

  it("sends a card as tool_render with its component and props", async () => {
    const events = frames(
      await (await post({ message: "a card please", session_id: "s-card" })).text(),
    )
    const render = events.find((frame) => frame.event === "tool_render")
    expect(JSON.parse(render?.data ?? "{}")).toMatchObject({
      component: "weather",
      props: { title: expect.any(String), actions: expect.any(Array) },
    })
  })

  it("sends error then done for a failing turn", async () => {
    const events = frames(await (await post({ message: "error", session_id: "s-err" })).text())
    expect(events.slice(-2).map((frame) => frame.event)).toEqual(["error", "done"])
    expect(JSON.parse(events.at(-2)?.data ?? "{}")).toEqual({ error: expect.any(String) })
  })

  it("answers JSON {reply} unless Accept is exactly text/event-stream, {error} with 500 on failure", async () => {
    const ok = await post(
      { message: "hello", session_id: "s-json" },
      { Accept: "text/event-stream, */*" },
    )
    expect(ok.headers.get("content-type")).toBe("application/json")
    expect(await ok.json()).toEqual({ reply: expect.stringMatching(/\S/) })
    const failed = await post(
      { message: "error", session_id: "s-json" },
      { Accept: "application/json" },
    )
    expect(failed.status).toBe(500)
    expect(await failed.json()).toEqual({ error: expect.any(String) })
  })

  it.each([
    ["not JSON", "{nope", 400, /JSON/],
    ["a JSON array", "[1]", 400, /JSON object/],
    ["no message", { session_id: "x" }, 400, /"message"/],
    ["an empty message", { message: " " }, 400, /"message"/],
    ["a body over the limit", { message: "x".repeat(1024 * 1024 + 10) }, 413, /larger than/],
    ["a message over 32 KiB", { message: "x".repeat(32 * 1024 + 1) }, 413, /32768 characters/],
  ])("rejects %s with %i and a JSON error", async (_name, body, status, error) => {
    const response = await post(body)
    expect(response.status).toBe(status)
    expect(await response.json()).toEqual({ error: expect.stringMatching(error) })
  })

  it("rejects GET /chat with 405", async () => {
    expect((await fetch(`${base}/chat`)).status).toBe(405)
  })
})

describe("resuming with Last-Event-ID", () => {
  it("sends the rest of the run after the last id the client saw, then done", async () => {
    const controller = new AbortController()
    const first = await fetch(`${base}/chat`, {
      method: "POST",
      headers: { Accept: "text/event-stream", "Content-Type": "application/json" },
      body: JSON.stringify({ message: "slow story please", session_id: "s-resume" }),
      signal: controller.signal,
    })
    const reader = first.body!.getReader()
    let text = ""
    while (frames(text).length < 4) text += new TextDecoder().decode((await reader.read()).value)
    controller.abort()
    const seen = frames(text).filter((frame) => text.includes(`${frame.data}\n\n`))
    const last = seen.at(-1)?.id ?? ""

    const rest = frames(
      await (
        await post(
          { message: "slow story please", session_id: "s-resume" },
          {
            Accept: "text/event-stream",
            "Last-Event-ID": last,
          },
        )
      ).text(),
    )
    const [runId, seq] = last.split(":")
    expect(rest[0]?.id).toBe(`${runId}:${Number(seq) + 1}`)
    expect(rest.at(-1)).toMatchObject({ event: "done" })
  })

  it("answers 204 for an id it does not know", async () => {
    const response = await post(
      { message: "x", session_id: "s-unknown" },
      {
        Accept: "text/event-stream",
        "Last-Event-ID": "nope:3",
      },
    )
    expect(response.status).toBe(204)
  })
})

describe("Haira's discovery and chat APIs", () => {
  it("lists the workflow as streaming with its chat param", async () => {
    const workflows = await (await fetch(`${base}/_api/workflows`)).json()
    expect(workflows).toEqual([
      expect.objectContaining({
        path: "/chat",
        method: "POST",
        is_stream: true,
        chat_param: "message",
      }),
    ])
  })

  it("stores the chat: user and assistant messages, cards as ui_events; DELETE forgets it", async () => {
    await (await post({ message: "a card please", session_id: "s-store" })).text()
    const chat = (await (await fetch(`${base}/_api/chats/s-store`)).json()) as {
      messages: Array<{ role: string; content: string; ui_events?: unknown[] }>
      message_count: number
    }
    expect(chat.message_count).toBe(2)
    expect(chat.messages.map((message) => message.role)).toEqual(["user", "assistant"])
    expect(chat.messages[1]?.ui_events).toEqual([expect.objectContaining({ component: "weather" })])
    const deleted = await fetch(`${base}/_api/chats/s-store`, { method: "DELETE" })
    expect(await deleted.json()).toEqual({ status: "deleted" })
    expect((await fetch(`${base}/_api/chats/s-store`)).status).toBe(404)
  })
})
