/**
 * The demo agent as a Haira `-> stream` workflow: `POST /chat` streams SSE when the client
 * sends `Accept: text/event-stream` exactly and answers `{reply}` / `{error}` JSON otherwise;
 * `GET /_api/workflows` and `GET|DELETE /_api/chats/{id}` as Haira serves them. Every event
 * carries an `id:`, and a run outlives its connection for a while, so a client that
 * re-sends the request with `Last-Event-ID` picks up where it dropped.
 */
import { randomUUID } from "node:crypto"
import type { IncomingMessage, ServerResponse } from "node:http"
import { createScriptedAgent, ItemAccumulator } from "@aichatkit/testing"
import type { ChatEvent, ChatResponseItem } from "@aichatkit/types"
import type { WireEndpoint } from "./endpoint.js"

/** Options of {@link createSseEndpoint}. */
export interface SseEndpointOptions {
  /** Path of the streaming workflow (default "/chat"). */
  path?: string | undefined
  /** Delay between the demo agent's tokens, in ms. */
  tokenDelayMs?: number | undefined
  /** Seed of the demo agent. */
  seed?: number | undefined
  /** How long a run whose client went away goes on, waiting for a resume, in ms (default 10 s). */
  resumeWindowMs?: number | undefined
  /** Interval of `: keep-alive` comments on an open stream, in ms (default 15 s). */
  keepAliveMs?: number | undefined
}

/** One SSE event as Haira writes it. */
export interface HairaFrame {
  event: "delta" | "tool_start" | "tool_end" | "tool_render" | "error" | "done"
  data: string
}

interface HairaMessage {
  role: "user" | "assistant"
  content: string
  timestamp: string
  ui_events?: unknown[]
}

interface Run {
  id: string
  frames: string[]
  finished: boolean
  listeners: Set<(frame: string) => void>
  controller: AbortController
  idleTimer?: NodeJS.Timeout
}

interface Session {
  id: string
  createdAt: string
  updatedAt: string
  messages: HairaMessage[]
  items: ChatResponseItem[]
  run?: Run
}

const MAX_BODY_BYTES = 1024 * 1024

/**
 * Encodes one of the demo agent's events as Haira frames. `tools` remembers tool names by
 * item id, because Haira's `tool_end` names the tool, not the call.
 */
export function encodeHairaFrames(event: ChatEvent, tools: Map<string, string>): HairaFrame[] {
  const json = (value: unknown) => JSON.stringify(value)
  switch (event.type) {
    case "item-added": {
      const { item } = event
      if (item.type === "message") {
        return item.content ? [{ event: "delta", data: json({ delta: item.content }) }] : []
      }
      if (item.type === "tool_call") {
        tools.set(item.id, item.toolCall.name)
        const args = json(item.toolCall.arguments)
        return [{ event: "tool_start", data: json({ tool: item.toolCall.name, args }) }]
      }
      const { title, actions, content } = item.card
      const props = {
        ...content,
        ...(title === undefined ? {} : { title }),
        ...(actions ? { actions } : {}),
      }
      return [
        { event: "tool_render", data: json({ tool: "card", component: item.card.type, props }) },
      ]
    }
    case "text-delta":
      return [{ event: "delta", data: json({ delta: event.delta }) }]
    case "item-updated": {
      const status = event.patch.toolCall?.status
      const tool = tools.get(event.itemId)
      if (
        tool === undefined ||
        (status !== "completed" && status !== "error" && status !== "cancelled")
      ) {
        return [] // Haira has no progress events
      }
      tools.delete(event.itemId)
      if (status === "completed") {
        return [
          {
            event: "tool_end",
            data: json({ tool, ok: true, result: event.patch.toolCall?.result }),
          },
        ]
      }
      const error = event.patch.toolCall?.error ?? "The tool was cancelled."
      return [{ event: "tool_end", data: json({ tool, ok: false, error }) }]
    }
    case "error":
      return [{ event: "error", data: json({ error: event.error.message }) }]
    case "run-finished":
      return [{ event: "done", data: "[DONE]" }]
    default:
      return []
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "Content-Type": "application/json" })
  response.end(JSON.stringify(body))
}

async function readJsonBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY_BYTES) throw new RangeError("The request body is larger than 1 MiB.")
    chunks.push(chunk as Buffer)
  }
  const text = Buffer.concat(chunks).toString("utf8")
  const value: unknown = text.trim() === "" ? {} : JSON.parse(text)
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new SyntaxError("The request body must be a JSON object.")
  }
  return value as Record<string, unknown>
}

/** Mounts the Haira-compatible SSE wire of the demo agent. */
export function createSseEndpoint(options: SseEndpointOptions = {}): WireEndpoint {
  const path = options.path ?? "/chat"
  const resumeWindowMs = options.resumeWindowMs ?? 10_000
  const keepAliveMs = options.keepAliveMs ?? 15_000
  const agent = createScriptedAgent({
    ...(options.tokenDelayMs === undefined ? {} : { tokenDelayMs: options.tokenDelayMs }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  })
  const sessions = new Map<string, Session>()
  const open = new Set<ServerResponse>()

  const session = (id: string): Session => {
    let found = sessions.get(id)
    if (!found) {
      const now = new Date().toISOString()
      found = { id, createdAt: now, updatedAt: now, messages: [], items: [] }
      sessions.set(id, found)
    }
    return found
  }

  /** Runs one turn of the agent in the background, recording its frames for resumes. */
  const startRun = (chat: Session, message: string): Run => {
    const run: Run = {
      id: randomUUID(),
      frames: [],
      finished: false,
      listeners: new Set(),
      controller: new AbortController(),
    }
    chat.run = run
    chat.messages.push({ role: "user", content: message, timestamp: new Date().toISOString() })
    chat.items.push({
      id: `${run.id}-user`,
      type: "message",
      role: "user",
      content: message,
      timestamp: new Date().toISOString(),
    })
    const tools = new Map<string, string>()
    const items = new ItemAccumulator()
    const send = (frame: HairaFrame) => {
      const text = `id: ${run.id}:${run.frames.length}\nevent: ${frame.event}\ndata: ${frame.data}\n\n`
      run.frames.push(text)
      for (const listener of run.listeners) listener(text)
    }
    void (async () => {
      try {
        for await (const event of agent.respond({
          agentId: chat.id,
          message,
          runId: run.id,
          signal: run.controller.signal,
        })) {
          items.apply(event)
          for (const frame of encodeHairaFrames(event, tools)) send(frame)
        }
      } catch (error) {
        // A bug in the agent must still end the stream, the way Haira reports a failed run.
        console.error("demo-server: the SSE run failed", error)
        send({
          event: "error",
          data: JSON.stringify({ error: "The demo agent failed; see the server log." }),
        })
        send({ event: "done", data: "[DONE]" })
      }
      run.finished = true
      clearTimeout(run.idleTimer)
      const answer = items.items()
      const reply = answer
        .flatMap((item) => (item.type === "message" ? [item.content] : []))
        .join("\n\n")
      const cards = answer.flatMap((item) =>
        item.type === "card"
          ? [
              {
                tool: "card",
                component: item.card.type,
                props: { ...item.card.content, title: item.card.title, actions: item.card.actions },
              },
            ]
          : [],
      )
      chat.messages.push({
        role: "assistant",
        content: reply,
        timestamp: new Date().toISOString(),
        ...(cards.length > 0 ? { ui_events: cards } : {}),
      })
      chat.items.push(...answer)
      chat.updatedAt = new Date().toISOString()
      for (const listener of run.listeners) listener("")
    })()
    return run
  }

  /** Streams a run's frames after `from` to one response, live until the run ends. */
  const stream = (response: ServerResponse, run: Run, from: number): void => {
    response.writeHead(200, {
      "Content-Type": "text/event-stream",
      "Cache-Control": "no-cache",
      Connection: "keep-alive",
    })
    open.add(response)
    clearTimeout(run.idleTimer)
    for (const frame of run.frames.slice(from)) response.write(frame)
    if (run.finished) {
      response.end()
      return
    }
    const keepAlive = setInterval(() => response.write(": keep-alive\n\n"), keepAliveMs)
    const listener = (frame: string) => {
      if (frame === "") response.end()
      else response.write(frame)
    }
    run.listeners.add(listener)
    response.on("close", () => {
      clearInterval(keepAlive)
      open.delete(response)
      run.listeners.delete(listener)
      // Nobody came back for the rest: stop the agent, as Haira stops when its client leaves.
      if (!run.finished && run.listeners.size === 0) {
        run.idleTimer = setTimeout(() => run.controller.abort(), resumeWindowMs)
      }
    })
  }

  const resume = (
    response: ServerResponse,
    chat: Session | undefined,
    lastEventId: string,
  ): void => {
    const [runId, seq] = lastEventId.split(":")
    const run = chat?.run
    if (!run || run.id !== runId || !/^\d+$/.test(seq ?? "")) {
      response.writeHead(204).end() // nothing to resume: the client fails the turn clearly
      return
    }
    stream(response, run, Number(seq) + 1)
  }

  const answerJson = async (response: ServerResponse, chat: Session, message: string) => {
    const run = startRun(chat, message)
    await new Promise<void>((resolve) => {
      if (run.finished) resolve()
      else run.listeners.add((frame) => frame === "" && resolve())
    })
    const failure = run.frames.find((frame) => frame.includes("event: error\n"))
    const last = chat.messages.at(-1)
    if (failure) {
      const data = JSON.parse(failure.slice(failure.indexOf("data: ") + 6)) as { error: string }
      sendJson(response, 500, { error: data.error })
    } else sendJson(response, 200, { reply: last?.content ?? "" })
  }

  const handleWorkflow = async (request: IncomingMessage, response: ServerResponse) => {
    let body: Record<string, unknown>
    try {
      body = await readJsonBody(request)
    } catch (error) {
      const status = error instanceof RangeError ? 413 : 400
      sendJson(response, status, {
        error: error instanceof Error ? error.message : "Bad request body.",
      })
      return
    }
    const message = body.message
    const sessionId =
      typeof body.session_id === "string" && body.session_id ? body.session_id : randomUUID()
    const lastEventId = request.headers["last-event-id"]
    if (typeof lastEventId === "string" && request.headers.accept === "text/event-stream") {
      resume(response, sessions.get(sessionId), lastEventId)
      return
    }
    if (typeof message !== "string" || message.trim() === "") {
      sendJson(response, 400, { error: 'The body needs a non-empty "message" string.' })
      return
    }
    const chat = session(sessionId)
    if (chat.run && !chat.run.finished) chat.run.controller.abort() // one turn at a time per session
    // Haira compares the whole header: anything but exactly text/event-stream gets JSON.
    if (request.headers.accept !== "text/event-stream") return answerJson(response, chat, message)
    stream(response, startRun(chat, message), 0)
  }

  const handleChats = (request: IncomingMessage, response: ServerResponse, id: string) => {
    const chat = sessions.get(id)
    if (request.method === "DELETE") {
      chat?.run?.controller.abort()
      sessions.delete(id)
      sendJson(response, 200, { status: "deleted" })
    } else if (request.method !== "GET") {
      sendJson(response, 405, { error: "Method not allowed." })
    } else if (!chat) {
      sendJson(response, 404, { error: `No chat session "${id}".` })
    } else {
      sendJson(response, 200, {
        id: chat.id,
        workflow_name: "Chat",
        workflow_path: path,
        title: chat.messages[0]?.content.slice(0, 60) ?? "",
        created_at: chat.createdAt,
        updated_at: chat.updatedAt,
        message_count: chat.messages.length,
        messages: chat.messages,
        items: chat.items,
      })
    }
  }

  return {
    name: "sse",
    paths: [`POST ${path}`, "GET /_api/workflows", "GET /_api/chats/{id}"],
    async handleRequest(request, response) {
      const url = new URL(request.url ?? "/", "http://localhost")
      if (url.pathname === path) {
        if (request.method !== "POST") sendJson(response, 405, { error: `Use POST ${path}.` })
        else await handleWorkflow(request, response)
        return true
      }
      if (url.pathname === "/_api/workflows" && request.method === "GET") {
        sendJson(response, 200, [
          {
            name: "Chat",
            path,
            method: "POST",
            is_stream: true,
            chat_param: "message",
            title: "aichatkit demo agent",
            params: [
              { name: "message", type: "string" },
              { name: "session_id", type: "string" },
            ],
            suggestions: ["Hello", "What is the weather? (tool)", "Show me a card"],
          },
        ])
        return true
      }
      if (url.pathname === "/_api/chats" && request.method === "GET") {
        sendJson(
          response,
          200,
          [...sessions.values()].map((chat) => ({
            id: chat.id,
            message_count: chat.messages.length,
            updated_at: chat.updatedAt,
          })),
        )
        return true
      }
      if (url.pathname.startsWith("/_api/chats/")) {
        handleChats(
          request,
          response,
          decodeURIComponent(url.pathname.slice("/_api/chats/".length)),
        )
        return true
      }
      return false
    },
    async close() {
      for (const chat of sessions.values()) {
        clearTimeout(chat.run?.idleTimer)
        chat.run?.controller.abort()
      }
      for (const response of open) response.destroy()
    },
  }
}
