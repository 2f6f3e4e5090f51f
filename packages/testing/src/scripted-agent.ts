/**
 * The scripted demo agent: answers a user message with a deterministic stream of
 * `ChatEvent`s. Protocol-neutral, so `MemoryAdapter` runs it in-process and the demo server
 * encodes the same events into every wire protocol.
 */
import type { AdapterError, ChatEvent, ToolCall } from "@aichatkit/types"
import { createRandom, mixSeed } from "./random.js"
import {
  CARD_INTRO,
  ERROR_TURN_MESSAGE,
  FORECAST_URL,
  filesAnswer,
  MARKDOWN_ANSWER,
  type MessageFile,
  SLOW_ANSWER,
  scenarioFor,
  TOOL_FAILURE_MESSAGE,
  TOOL_FAILURE_SUMMARY,
  WEATHER_CITY,
  WEATHER_REPORT,
  weatherSummary,
} from "./script.js"
import { showChart } from "./scripted-chart.js"
import {
  askApproval,
  callBrowserTool,
  continueAfterAnswer,
  type ToolAnswerInput,
} from "./scripted-tool-turns.js"
import { aborted, closeOpenItems, streamMessage, Turn } from "./scripted-turn.js"

export type { ToolAnswerInput } from "./scripted-tool-turns.js"
export { cutIntoTokens } from "./scripted-turn.js"

/** Options of {@link createScriptedAgent}. */
export interface ScriptedAgentOptions {
  /** Seeds ids, token cuts and progress steps; the same seed gives the same events. Default 1. */
  seed?: number | undefined
  /** Pause before each token or progress step, in ms; 0 streams as fast as possible (still async). Default 15. */
  tokenDelayMs?: number | undefined
  /** Pause before each token of a "slow" turn, in ms. Default 100. */
  slowTokenDelayMs?: number | undefined
  /** The clock for item timestamps (fix it for snapshot tests). Default `new Date()`. */
  now?: (() => Date) | undefined
}

/** What {@link ScriptedAgent.respond} answers. */
export interface RespondInput {
  /** Put into every event's `agentId`. */
  agentId: string
  /** The user's message; keywords in it pick the scenario. */
  message: string
  /**
   * The files sent with it (name and media type): the answer names them first, and a message of
   * files alone is answered about them only.
   */
  files?: readonly MessageFile[] | undefined
  /** The run's id; generated from the seed when absent. */
  runId?: string | undefined
  /** Aborting it closes the open items and ends the run as cancelled. */
  signal?: AbortSignal | undefined
}

/** A protocol-neutral agent that answers with a script of `ChatEvent`s. */
export interface ScriptedAgent {
  /**
   * Streams the answer to one user message as ChatEvents (agentId and runId filled in):
   * run-started, item-added / text-delta / item-updated / item-done ..., run-finished.
   * Aborting `signal` closes open items and ends with run-finished {status:"cancelled"}.
   */
  respond(input: RespondInput): AsyncIterable<ChatEvent>
  /**
   * Optional: streams the run that follows the answer to a tool call that waited for one (a
   * `tool-response-requested`). Agents without it cannot take answers.
   */
  answerToolCall?(input: ToolAnswerInput): AsyncIterable<ChatEvent>
}

/** Creates the scripted demo agent; see the package README for the keywords it reacts to. */
export function createScriptedAgent(options: ScriptedAgentOptions = {}): ScriptedAgent {
  const seed = options.seed ?? 1
  const tokenDelayMs = options.tokenDelayMs ?? 15
  const slowTokenDelayMs = options.slowTokenDelayMs ?? 100
  const now = options.now ?? (() => new Date())
  let turns = 0
  const startTurn = (input: {
    agentId: string
    runId?: string | undefined
    signal?: AbortSignal | undefined
  }) => {
    turns += 1
    // The turn number in every id keeps ids unique across turns; the seed makes them repeatable.
    const random = createRandom(mixSeed(seed, turns))
    const newId = (kind: string) => random.id(`${kind}_${turns.toString(36)}`)
    const runId = input.runId ?? newId("run")
    return new Turn(input.agentId, runId, random, newId, input.signal, now)
  }
  return {
    respond(input) {
      const turn = startTurn(input)
      const files = input.files ?? []
      const { message } = input
      return playTurn(turn, async function* () {
        if (files.length > 0) {
          // The files are named first; without text there is no keyword, so that is the answer.
          const withText = message.trim() !== ""
          yield* streamMessage(turn, filesAnswer(files, { withText }), tokenDelayMs)
          if (!withText) return
        }
        yield* playScenario(turn, message, tokenDelayMs, slowTokenDelayMs)
      })
    },
    answerToolCall(input) {
      const turn = startTurn(input)
      return playTurn(turn, () => continueAfterAnswer(turn, input, tokenDelayMs))
    },
  }
}

/** A run around its body: run-started, the body, run-finished (cancelled when aborted). */
async function* playTurn(
  turn: Turn,
  body: () => AsyncGenerator<ChatEvent>,
): AsyncGenerator<ChatEvent> {
  yield { type: "run-started", ...turn.scope }
  try {
    if (turn.signal?.aborted) throw aborted
    for await (const event of body()) {
      yield event
      if (event.type === "run-finished") return
    }
    // An abort after the last token still ends the run as cancelled, as the caller asked.
    if (turn.signal?.aborted) throw aborted
  } catch (error) {
    if (error !== aborted) throw error
    yield* closeOpenItems(turn)
    yield { type: "run-finished", ...turn.scope, status: "cancelled" }
    return
  }
  yield { type: "run-finished", ...turn.scope, status: "ok" }
}

/** The scenario a user message picks (the "error" one ends its run itself). */
async function* playScenario(
  turn: Turn,
  message: string,
  tokenDelayMs: number,
  slowTokenDelayMs: number,
): AsyncGenerator<ChatEvent> {
  switch (scenarioFor(message)) {
    case "answer":
      yield* streamMessage(turn, MARKDOWN_ANSWER, tokenDelayMs)
      break
    case "slow":
      yield* streamMessage(turn, SLOW_ANSWER, slowTokenDelayMs)
      break
    case "tool":
      yield* runWeatherTool(turn, tokenDelayMs, { temperatureC: WEATHER_REPORT.temperatureC })
      yield* streamMessage(turn, weatherSummary(WEATHER_REPORT.temperatureC), tokenDelayMs)
      break
    case "fail":
      yield* runWeatherTool(turn, tokenDelayMs, { failure: TOOL_FAILURE_MESSAGE })
      yield* streamMessage(turn, TOOL_FAILURE_SUMMARY, tokenDelayMs)
      break
    case "card":
      yield* streamMessage(turn, CARD_INTRO, tokenDelayMs)
      yield* showWeatherCard(turn, tokenDelayMs)
      break
    case "error": {
      await turn.pause(tokenDelayMs)
      const error: AdapterError = {
        code: "SERVER_ERROR",
        message: ERROR_TURN_MESSAGE,
        retryable: true,
      }
      yield { type: "error", ...turn.scope, error }
      yield { type: "run-finished", ...turn.scope, status: "error", error }
      return
    }
    case "approve":
      yield* askApproval(turn, tokenDelayMs)
      break
    case "browser-tool":
      yield* callBrowserTool(turn, tokenDelayMs)
      break
    case "chart":
      yield* showChart(turn, tokenDelayMs)
      break
  }
}

/** A `weather` tool call: pending → executing with progress → completed (or error). */
async function* runWeatherTool(
  turn: Turn,
  tokenDelayMs: number,
  outcome: { temperatureC: number } | { failure: string },
): AsyncGenerator<ChatEvent> {
  const id = turn.newId("tool")
  const toolCall: ToolCall = {
    id: turn.newId("call"),
    name: "weather",
    arguments: { city: WEATHER_CITY },
    status: "pending",
  }
  turn.open.set(id, "tool_call")
  yield {
    type: "item-added",
    ...turn.scope,
    item: { id, type: "tool_call", toolCall, timestamp: turn.timestamp() },
  }
  const stepDelayMs = tokenDelayMs * 4
  await turn.pause(stepDelayMs)
  yield {
    type: "item-updated",
    ...turn.scope,
    itemId: id,
    patch: { toolCall: { status: "executing", progress: 0 } },
  }
  // A failing call gives up part-way, as a timed-out service would.
  const stopAt = "failure" in outcome ? turn.random.int(30, 70) : 100
  let progress = 0
  while (progress < stopAt) {
    await turn.pause(stepDelayMs)
    progress = Math.min(stopAt, progress + turn.random.int(10, 35))
    yield { type: "item-updated", ...turn.scope, itemId: id, patch: { toolCall: { progress } } }
  }
  await turn.pause(stepDelayMs)
  const patch: Partial<ToolCall> =
    "failure" in outcome
      ? { status: "error", error: outcome.failure }
      : {
          status: "completed",
          result: { ...WEATHER_REPORT, temperatureC: outcome.temperatureC },
        }
  yield { type: "item-updated", ...turn.scope, itemId: id, patch: { toolCall: patch } }
  turn.open.delete(id)
  yield { type: "item-done", ...turn.scope, itemId: id }
}

/** A weather card with a `refresh` button and a link to the forecast. */
async function* showWeatherCard(turn: Turn, tokenDelayMs: number): AsyncGenerator<ChatEvent> {
  await turn.pause(tokenDelayMs)
  const id = turn.newId("card")
  yield {
    type: "item-added",
    ...turn.scope,
    item: {
      id,
      type: "card",
      timestamp: turn.timestamp(),
      card: {
        id: turn.newId("weather"),
        type: "weather",
        title: `Weather in ${WEATHER_CITY}`,
        content: { ...WEATHER_REPORT },
        actions: [
          { id: turn.newId("action"), label: "Refresh", type: "button", action: "refresh" },
          {
            id: turn.newId("action"),
            label: "Full forecast",
            type: "link",
            action: FORECAST_URL,
          },
        ],
      },
    },
  }
  yield { type: "item-done", ...turn.scope, itemId: id }
}
