/**
 * The scripted agent's tool calls that wait for the user's side: the weather tool that asks
 * for approval ("approve") and the browser tool `getLocation` ("location"). Each turn ends with
 * the call waiting (`tool-response-requested`); the answer starts a second run that goes on.
 */
import type { ChatEvent, ToolCall, ToolCallResponse } from "@aichatkit/types"
import {
  APPROVAL_DENIED_SUMMARY,
  APPROVAL_INTRO,
  BROWSER_TOOL_INTRO,
  BROWSER_TOOL_NAME,
  browserToolFailure,
  browserToolSummary,
  WEATHER_CITY,
  WEATHER_REPORT,
  weatherSummary,
} from "./script.js"
import { streamMessage, type Turn } from "./scripted-turn.js"

/** What {@link ScriptedAgent.answerToolCall} continues from. */
export interface ToolAnswerInput {
  agentId: string
  /** The item of the call that waited. */
  itemId: string
  /** The call as the conversation holds it. */
  toolCall: ToolCall
  response: ToolCallResponse
  /** The new run's id; generated from the seed when absent. */
  runId?: string | undefined
  /** Aborting it ends the run as cancelled. */
  signal?: AbortSignal | undefined
}

/** The weather call, waiting for the user's approval. */
export async function* askApproval(turn: Turn, tokenDelayMs: number): AsyncGenerator<ChatEvent> {
  yield* streamMessage(turn, APPROVAL_INTRO, tokenDelayMs)
  yield* waitingToolCall(turn, "weather", { city: WEATHER_CITY }, "approval")
}

/** The browser tool call, waiting for the page's output. */
export async function* callBrowserTool(
  turn: Turn,
  tokenDelayMs: number,
): AsyncGenerator<ChatEvent> {
  yield* streamMessage(turn, BROWSER_TOOL_INTRO, tokenDelayMs)
  yield* waitingToolCall(turn, BROWSER_TOOL_NAME, {}, "output")
}

async function* waitingToolCall(
  turn: Turn,
  name: string,
  args: Record<string, unknown>,
  awaiting: "approval" | "output",
): AsyncGenerator<ChatEvent> {
  const id = turn.newId("tool")
  const toolCall: ToolCall = { id: turn.newId("call"), name, arguments: args, status: "pending" }
  yield {
    type: "item-added",
    ...turn.scope,
    item: { id, type: "tool_call", toolCall, timestamp: turn.timestamp() },
  }
  yield { type: "tool-response-requested", ...turn.scope, itemId: id, awaiting }
}

/** The run after the answer: the call as the answer leaves it, then what the agent says. */
export async function* continueAfterAnswer(
  turn: Turn,
  input: ToolAnswerInput,
  tokenDelayMs: number,
): AsyncGenerator<ChatEvent> {
  const { response, itemId } = input
  const settle = (toolCall: Partial<ToolCall>): ChatEvent[] => [
    {
      type: "item-added",
      ...turn.scope,
      item: {
        id: itemId,
        type: "tool_call",
        toolCall: { ...input.toolCall, ...toolCall },
        timestamp: turn.timestamp(),
      },
    },
    { type: "item-done", ...turn.scope, itemId },
  ]
  if ("approved" in response) {
    const approval =
      response.reason === undefined
        ? { approved: response.approved }
        : { approved: response.approved, reason: response.reason }
    if (!response.approved) {
      yield* settle({ status: "cancelled", approval })
      yield* streamMessage(turn, APPROVAL_DENIED_SUMMARY, tokenDelayMs)
      return
    }
    await turn.pause(tokenDelayMs * 4)
    yield* settle({ status: "completed", approval, result: { ...WEATHER_REPORT } })
    yield* streamMessage(turn, weatherSummary(), tokenDelayMs)
  } else if ("output" in response) {
    yield* settle({ status: "completed", result: response.output })
    yield* streamMessage(turn, browserToolSummary(response.output), tokenDelayMs)
  } else {
    yield* settle({ status: "error", error: response.error })
    yield* streamMessage(turn, browserToolFailure(response.error), tokenDelayMs)
  }
}
