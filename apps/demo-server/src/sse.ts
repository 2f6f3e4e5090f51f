/**
 * The demo agent as a Haira `-> stream` workflow: `POST /chat` streams SSE when the client
 * sends `Accept: text/event-stream` exactly and answers `{reply}` / `{error}` JSON otherwise;
 * `GET /_api/workflows` and `GET|DELETE /_api/chats/{id}` as Haira serves them. Every event
 * carries an `id:`, and a run outlives its connection for a while (`sse-runs.ts`), so a
 * client that re-sends the request with `Last-Event-ID` picks up where it dropped. The wire
 * encoding is in `sse-haira.ts`.
 */
import { randomUUID } from "node:crypto"
import type { IncomingMessage, ServerResponse } from "node:http"
import type { SessionStore as SharedStore } from "@aichatkit/haip-server"
import { createScriptedAgent, type ScriptedAgent } from "@aichatkit/testing"
import type { WireEndpoint } from "./endpoint.js"
import { attachmentsTooLarge, messageFileLinks, messageFiles } from "./message-files.js"
import { createRunRegistry, type Run, type Session, type UserMessage } from "./sse-runs.js"
import { DEFAULT_SESSION_LIMITS, type SessionLimits } from "./sse-sessions.js"
import { type FollowRun, findStoredRun } from "./sse-shared-runs.js"

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, entry]) => entry !== undefined),
  ) as Partial<T>
}

/** Options of {@link createSseEndpoint}. */
export interface SseEndpointOptions {
  /** Path of the streaming workflow (default "/chat"). */
  path?: string | undefined
  /** Delay between the demo agent's tokens, in ms. */
  tokenDelayMs?: number | undefined
  /** Seed of the demo agent. */
  seed?: number | undefined
  /** The agent to serve; the scripted demo agent by default (a real model: `createModelAgent`). */
  agent?: ScriptedAgent | undefined
  /** How long a run whose client went away goes on, waiting for a resume, in ms (default 10 s). */
  resumeWindowMs?: number | undefined
  /** Interval of `: keep-alive` comments on an open stream, in ms (default 15 s). */
  keepAliveMs?: number | undefined
  /** Characters of one user message (default 32 KiB); longer ones are answered 413. */
  maxMessageChars?: number | undefined
  /** Bounds of the chat sessions (defaults in `DEFAULT_SESSION_LIMITS`). */
  sessions?: Partial<SessionLimits> | undefined
  /** A shared store (`redisStore`): a run resumes from any instance, and after a restart. */
  store?: SharedStore | undefined
}

/** A user message of the demo is a chat message, not a document. */
const DEFAULT_MAX_MESSAGE_CHARS = 32 * 1024

/** A request the workflow refuses: its status and a sentence that says what to do. */
interface Refusal {
  status: 400 | 413
  error: string
}

/**
 * The body's message: its text, and its `attachments`' names and media types, and links; or
 * why it is refused, before anything is stored or run.
 */
function userMessage(
  body: Record<string, unknown>,
  maxMessageChars: number,
): UserMessage | Refusal {
  const text = Object.hasOwn(body, "message") ? body.message : undefined
  const attachments = Object.hasOwn(body, "attachments") ? body.attachments : undefined
  const files = messageFiles(attachments, "media_type")
  // Files alone are a message: a picture sent without a word is answered about.
  if (typeof text !== "string" || (text.trim() === "" && files.length === 0)) {
    return {
      status: 400,
      error: 'The body needs a "message" string, not blank unless "attachments" come with it.',
    }
  }
  if (text.length > maxMessageChars) {
    return {
      status: 413,
      error: `The message is longer than ${maxMessageChars} characters; send a shorter one.`,
    }
  }
  const tooLarge = attachmentsTooLarge(attachments, "media_type")
  if (tooLarge !== undefined) return { status: 413, error: tooLarge }
  return { text, files, links: messageFileLinks(attachments, "media_type") }
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "Content-Type": "application/json" })
  response.end(JSON.stringify(body))
}

async function readJsonBody(
  request: IncomingMessage,
  maxBytes: number,
): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request) {
    size += (chunk as Buffer).length
    if (size > maxBytes) throw new RangeError(`The request body is larger than ${maxBytes} bytes.`)
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
  const keepAliveMs = options.keepAliveMs ?? 15_000
  const agent =
    options.agent ??
    createScriptedAgent({
      ...(options.tokenDelayMs === undefined ? {} : { tokenDelayMs: options.tokenDelayMs }),
      ...(options.seed === undefined ? {} : { seed: options.seed }),
    })
  const maxMessageChars = options.maxMessageChars ?? DEFAULT_MAX_MESSAGE_CHARS
  // Room for the message escaped as JSON (\uXXXX is 6 characters) and the other fields.
  const maxBodyBytes = maxMessageChars * 6 + 4096
  const runs = createRunRegistry(
    agent,
    options.resumeWindowMs ?? 10_000,
    { ...DEFAULT_SESSION_LIMITS, ...definedOnly(options.sessions ?? {}) },
    options.store,
  )
  const sessions = runs.sessions
  const open = new Set<ServerResponse>()

  /** Streams a run's frames after `from` to one response, live until the run ends. */
  const stream = (response: ServerResponse, run: Run, from: number): void => {
    streamFrom(response, (onFrame, onEnd) => runs.follow(run, from, onFrame, onEnd))
  }

  const streamFrom = (response: ServerResponse, follow: FollowRun): void => {
    response.writeHead(200, {
      "Content-Type": "text/event-stream",
      "Cache-Control": "no-cache",
      Connection: "keep-alive",
    })
    open.add(response)
    const keepAlive = setInterval(() => response.write(": keep-alive\n\n"), keepAliveMs)
    const leave = follow(
      (frame) => response.write(frame),
      () => response.end(),
    )
    response.on("close", () => {
      clearInterval(keepAlive)
      open.delete(response)
      leave()
    })
  }

  const answerJson = async (response: ServerResponse, chat: Session, message: UserMessage) => {
    const run = runs.startRun(chat, message)
    await runs.finished(run)
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
      body = await readJsonBody(request, maxBodyBytes)
    } catch (error) {
      const status = error instanceof RangeError ? 413 : 400
      // The rest of an oversized body is never read: this connection cannot carry another request.
      if (status === 413) response.setHeader("Connection", "close")
      sendJson(response, status, {
        error: error instanceof Error ? error.message : "Bad request body.",
      })
      return
    }
    const sessionId =
      typeof body.session_id === "string" && body.session_id ? body.session_id : randomUUID()
    const lastEventId = request.headers["last-event-id"]
    if (typeof lastEventId === "string" && request.headers.accept === "text/event-stream") {
      const resume = runs.findResume(sessionId, lastEventId)
      if (resume) {
        stream(response, resume.run, resume.from)
        return
      }
      // Another instance's run (or this one's before a restart), from the shared store.
      const stored = await findStoredRun(options.store, sessionId, lastEventId)
      // Nothing to resume: 204, and the client fails the turn clearly.
      if (stored) streamFrom(response, stored)
      else response.writeHead(204).end()
      return
    }
    const message = userMessage(body, maxMessageChars)
    if ("status" in message) {
      sendJson(response, message.status, { error: message.error })
      return
    }
    const chat = runs.session(sessionId)
    // Haira compares the whole header: anything but exactly text/event-stream gets JSON.
    if (request.headers.accept !== "text/event-stream") return answerJson(response, chat, message)
    stream(response, runs.startRun(chat, message), 0)
  }

  const handleChats = (request: IncomingMessage, response: ServerResponse, id: string) => {
    const chat = sessions.get(id)
    if (request.method === "DELETE") {
      runs.deleteSession(id)
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
      runs.close()
      for (const response of open) response.destroy()
    },
  }
}
