/**
 * A scripted SSE "server" inside the page, for the SSE adapter's docs: a `fetch` that answers
 * each POST with a `text/event-stream` of the demo agent's turn (`@aichatkit/testing`),
 * encoded in the chosen dialect. The real `SSEAdapter` reads it, decoders included; only the
 * network is left out, because a Storybook site is static pages.
 */
import { createScriptedAgent } from "@aichatkit/testing"
import type { ChatEvent } from "@aichatkit/types"
// The demo server's Haira encoding: pure functions, the one copy of that wire's frames.
import { encodeHairaFrames, formatHairaFrame } from "../../apps/demo-server/src/sse-haira.js"

/** The dialects of `SSEAdapter`. */
export type Dialect = "haira" | "ai-sdk" | "ag-ui"

/** Turns one turn's events into SSE text. */
interface StreamEncoder {
  encode(event: ChatEvent): string[]
}

const data = (value: unknown) => `data: ${JSON.stringify(value)}\n\n`

function hairaEncoder(): StreamEncoder {
  const tools = new Map<string, string>()
  let frameNumber = 0
  return {
    encode: (event) =>
      encodeHairaFrames(event, tools).map((frame) =>
        formatHairaFrame(String(++frameNumber), frame),
      ),
  }
}

/** The AI SDK's UI message stream. It has no cards or tool progress: those are left out. */
function aiSdkEncoder(): StreamEncoder {
  const texts = new Set<string>()
  const calls = new Map<string, string>()
  return {
    encode(event) {
      switch (event.type) {
        case "run-started":
          return [data({ type: "start" }), data({ type: "start-step" })]
        case "item-added": {
          const { item } = event
          if (item.type === "message") {
            texts.add(item.id)
            const start = data({ type: "text-start", id: item.id })
            if (!item.content) return [start]
            return [start, data({ type: "text-delta", id: item.id, delta: item.content })]
          }
          if (item.type !== "tool_call") return []
          calls.set(item.id, item.toolCall.id)
          const { id: toolCallId, name: toolName, arguments: input } = item.toolCall
          return [data({ type: "tool-input-available", toolCallId, toolName, input })]
        }
        case "text-delta":
          return [data({ type: "text-delta", id: event.itemId, delta: event.delta })]
        case "item-done":
          return texts.has(event.itemId) ? [data({ type: "text-end", id: event.itemId })] : []
        case "item-updated": {
          const toolCallId = calls.get(event.itemId)
          const toolCall = event.patch.toolCall
          if (toolCallId === undefined || toolCall === undefined) return []
          if (toolCall.status === "completed") {
            return [data({ type: "tool-output-available", toolCallId, output: toolCall.result })]
          }
          if (toolCall.status === "error") {
            return [data({ type: "tool-output-error", toolCallId, errorText: toolCall.error })]
          }
          return []
        }
        case "error":
          return [data({ type: "error", errorText: event.error.message })]
        case "run-finished":
          if (event.status === "error") return []
          return [
            data({ type: "finish-step" }),
            data({ type: event.status === "cancelled" ? "abort" : "finish" }),
            "data: [DONE]\n\n",
          ]
        default:
          return []
      }
    },
  }
}

/** AG-UI events. AG-UI has no cards, and no failed-tool event: a tool's error is its result. */
function agUiEncoder(threadId: string): StreamEncoder {
  const texts = new Set<string>()
  const calls = new Map<string, string>()
  const toolResult = (toolCallId: string, content: string) =>
    data({ type: "TOOL_CALL_RESULT", messageId: `${toolCallId}-result`, toolCallId, content })
  return {
    encode(event) {
      switch (event.type) {
        case "run-started":
          return [data({ type: "RUN_STARTED", threadId, runId: event.runId })]
        case "item-added": {
          const { item } = event
          if (item.type === "message") {
            texts.add(item.id)
            const start = data({
              type: "TEXT_MESSAGE_START",
              messageId: item.id,
              role: "assistant",
            })
            if (!item.content) return [start]
            return [
              start,
              data({ type: "TEXT_MESSAGE_CONTENT", messageId: item.id, delta: item.content }),
            ]
          }
          if (item.type !== "tool_call") return []
          const { id: toolCallId, name: toolCallName } = item.toolCall
          calls.set(item.id, toolCallId)
          return [
            data({ type: "TOOL_CALL_START", toolCallId, toolCallName }),
            data({
              type: "TOOL_CALL_ARGS",
              toolCallId,
              delta: JSON.stringify(item.toolCall.arguments),
            }),
            data({ type: "TOOL_CALL_END", toolCallId }),
          ]
        }
        case "text-delta":
          return [
            data({ type: "TEXT_MESSAGE_CONTENT", messageId: event.itemId, delta: event.delta }),
          ]
        case "item-done":
          return texts.has(event.itemId)
            ? [data({ type: "TEXT_MESSAGE_END", messageId: event.itemId })]
            : []
        case "item-updated": {
          const toolCallId = calls.get(event.itemId)
          const toolCall = event.patch.toolCall
          if (toolCallId === undefined || toolCall === undefined) return []
          if (toolCall.status === "completed") {
            return [toolResult(toolCallId, JSON.stringify(toolCall.result ?? null))]
          }
          if (toolCall.status === "error") return [toolResult(toolCallId, toolCall.error ?? "")]
          return []
        }
        case "error":
          return [data({ type: "RUN_ERROR", message: event.error.message })]
        case "run-finished":
          if (event.status === "error") return []
          return [
            data({
              type: "RUN_FINISHED",
              threadId,
              runId: event.runId,
              ...(event.status === "cancelled" ? { outcome: { type: "cancelled" } } : {}),
            }),
          ]
        default:
          return []
      }
    },
  }
}

type Json = Record<string, unknown>

/** The user's message and session id, from whichever dialect's request body. */
function readRequest(body: Json): { message: string; sessionId: string } {
  const messages = Array.isArray(body.messages) ? (body.messages as Json[]) : []
  const last = messages.at(-1)
  const parts = Array.isArray(last?.parts) ? (last.parts as Json[]) : []
  const message =
    typeof body.message === "string"
      ? body.message
      : typeof last?.content === "string"
        ? last.content
        : parts.map((part) => (typeof part.text === "string" ? part.text : "")).join("")
  const session = body.session_id ?? body.threadId ?? body.id
  return { message, sessionId: typeof session === "string" ? session : "session" }
}

function encoderFor(dialect: Dialect, sessionId: string): StreamEncoder {
  if (dialect === "haira") return hairaEncoder()
  if (dialect === "ai-sdk") return aiSdkEncoder()
  return agUiEncoder(sessionId)
}

/** A `fetch` that serves the scripted agent as an SSE endpoint in `dialect`. */
export function scriptedSseFetch(dialect: Dialect): typeof fetch {
  const agent = createScriptedAgent({ tokenDelayMs: 12, slowTokenDelayMs: 60 })
  return async (_input, init) => {
    const { message, sessionId } = readRequest(JSON.parse(String(init?.body ?? "{}")) as Json)
    const encoder = encoderFor(dialect, sessionId)
    const signal = init?.signal ?? undefined
    const bytes = new TextEncoder()
    const stream = new ReadableStream<Uint8Array>({
      async start(controller) {
        try {
          for await (const event of agent.respond({ agentId: sessionId, message, signal })) {
            for (const text of encoder.encode(event)) controller.enqueue(bytes.encode(text))
          }
          controller.close()
        } catch (error) {
          controller.error(error)
        }
      },
    })
    return new Response(stream, { headers: { "Content-Type": "text/event-stream" } })
  }
}
