/**
 * The demo agent backed by a real language model through the AI SDK (`streamText`), in the
 * scripted agent's shape, so every wire of the demo server serves it unchanged. It keeps each
 * conversation's messages, offers the demo's weather tool (run here, on the server), and turns
 * the model's stream into ChatEvents. `main.ts` uses it when OPENAI_API_KEY is set.
 */
import type { RespondInput, ScriptedAgent } from "@aichatkit/testing"
import type { ChatEvent } from "@aichatkit/types"
import { type LanguageModel, type ModelMessage, stepCountIs, streamText, tool } from "ai"
import { z } from "zod"

/** Options of {@link createModelAgent}. */
export interface ModelAgentOptions {
  /** The model that answers (an `@ai-sdk/openai` model, or `ai/test`'s mock in tests). */
  model: LanguageModel
  /** What the model is told before each conversation. */
  system?: string
  /** The clock for item timestamps. Default `new Date()`. */
  now?: () => Date
}

const defaultSystem =
  "You are the aichatkit demo assistant. Answer briefly, in markdown. Use the weather tool when asked about the weather."

/** The demo's tools, offered to the model: the weather, answered from the demo's report. */
const demoTools = {
  weather: tool({
    description: "The current weather in a city",
    inputSchema: z.object({ city: z.string().describe("The city's name") }),
    // The demo's made-up report (the scripted agent's), for any city: no weather service is called.
    execute: async ({ city }) => ({ city, temperatureC: 7, condition: "light rain" }),
  }),
}

/** Creates the agent; each agent id is one conversation whose messages it keeps. */
export function createModelAgent(options: ModelAgentOptions): ScriptedAgent {
  const conversations = new Map<string, ModelMessage[]>()
  let runs = 0
  return {
    async *respond(input: RespondInput): AsyncIterable<ChatEvent> {
      runs += 1
      const runId = input.runId ?? `model-run-${runs}`
      const messages = conversations.get(input.agentId) ?? []
      conversations.set(input.agentId, messages)
      messages.push({ role: "user", content: input.message })
      const result = streamText({
        model: options.model,
        system: options.system ?? defaultSystem,
        messages,
        tools: demoTools,
        stopWhen: stepCountIs(3),
        // A failure reaches the user as the run's error (the stream's error part), not a log.
        onError: () => {},
        ...(input.signal ? { abortSignal: input.signal } : {}),
      })
      yield* modelEvents(result.fullStream, { agentId: input.agentId, runId, now: options.now })
      // What the model said (text and tool turns) is the conversation from now on.
      try {
        messages.push(...(await result.response).messages)
      } catch {
        // A failed or cancelled answer adds nothing; the user's message stays for the next turn.
      }
    },
  }
}

type StreamPart = { type: string } & Record<string, unknown>

interface Context {
  agentId: string
  runId: string
  now: (() => Date) | undefined
}

/** The model's stream parts as ChatEvents, from run-started to run-finished. */
export async function* modelEvents(
  parts: AsyncIterable<StreamPart>,
  context: Context,
): AsyncIterable<ChatEvent> {
  const { agentId, runId } = context
  const timestamp = () => (context.now?.() ?? new Date()).toISOString()
  const open = new Set<string>()
  yield { type: "run-started", agentId, runId }
  try {
    for await (const part of parts) {
      const events = partEvents(part, context, timestamp, open)
      if (events === "finished") break
      yield* events
    }
  } catch (error) {
    if (!(error instanceof Error && error.name === "AbortError")) {
      yield* failed(context, open, error)
      return
    }
  }
  for (const itemId of open) yield { type: "item-done", agentId, runId, itemId }
  yield { type: "run-finished", agentId, runId, status: "ok" }
}

function partEvents(
  part: StreamPart,
  context: Context,
  timestamp: () => string,
  open: Set<string>,
): ChatEvent[] | "finished" {
  const { agentId, runId } = context
  const id = (value: unknown) => `${runId}-${String(value)}`
  switch (part.type) {
    case "text-start":
      open.add(id(part.id))
      return [
        {
          type: "item-added",
          agentId,
          runId,
          item: {
            id: id(part.id),
            type: "message",
            role: "assistant",
            content: "",
            timestamp: timestamp(),
          },
        },
      ]
    case "text-delta":
      return [
        { type: "text-delta", agentId, runId, itemId: id(part.id), delta: String(part.text ?? "") },
      ]
    case "text-end":
      open.delete(id(part.id))
      return [{ type: "item-done", agentId, runId, itemId: id(part.id) }]
    case "tool-call":
      open.add(id(part.toolCallId))
      return [
        {
          type: "item-added",
          agentId,
          runId,
          item: {
            id: id(part.toolCallId),
            type: "tool_call",
            toolCall: {
              id: String(part.toolCallId),
              name: String(part.toolName),
              arguments: (part.input ?? {}) as Record<string, unknown>,
              status: "executing",
            },
            timestamp: timestamp(),
          },
        },
      ]
    case "tool-result":
    case "tool-error": {
      open.delete(id(part.toolCallId))
      const patch =
        part.type === "tool-result"
          ? { status: "completed" as const, result: part.output }
          : { status: "error" as const, error: String(part.error) }
      return [
        {
          type: "item-updated",
          agentId,
          runId,
          itemId: id(part.toolCallId),
          patch: { toolCall: patch },
        },
        { type: "item-done", agentId, runId, itemId: id(part.toolCallId) },
      ]
    }
    case "error":
      throw part.error instanceof Error ? part.error : new Error(String(part.error))
    case "abort":
      return "finished"
    default:
      return []
  }
}

function* failed(context: Context, open: Set<string>, error: unknown): Iterable<ChatEvent> {
  const { agentId, runId } = context
  for (const itemId of open) yield { type: "item-done", agentId, runId, itemId }
  const reported = {
    code: "SERVER_ERROR" as const,
    message: `The model failed to answer: ${error instanceof Error ? error.message : String(error)}`,
    retryable: true,
  }
  yield { type: "error", agentId, runId, error: reported }
  yield { type: "run-finished", agentId, runId, status: "error", error: reported }
}
