/**
 * The demo's tools as the real model is offered them, the scripted agent's own: the weather,
 * run on the server once the user approves it (`needsApproval`), and the browser tool
 * `getLocation`, which has no `execute`: the page answers it. Plus the message that carries the
 * user's side's answer back into the conversation, as the AI SDK reads it.
 */
import { BROWSER_TOOL_NAME } from "@aichatkit/testing"
import type { ToolCallResponse } from "@aichatkit/types"
import { type JSONValue, type ModelMessage, type ToolSet, tool } from "ai"
import { z } from "zod"

export const demoTools: ToolSet = {
  weather: tool({
    description: "The current weather in a city. The user approves each lookup first.",
    inputSchema: z.object({ city: z.string().describe("The city's name") }),
    needsApproval: true,
    // The demo's made-up report (the scripted agent's), for any city: no weather service is called.
    execute: async ({ city }) => ({ city, temperatureC: 7, condition: "light rain" }),
  }),
  // No execute: the call waits for the user's browser, which answers with where the user is.
  [BROWSER_TOOL_NAME]: tool({
    description:
      "Where the user is (a city). The user's browser answers; call it when you need it.",
    inputSchema: z.object({}),
  }) as ToolSet[string],
}

/** Whether the call waits for the user's side before anything runs (approval or the browser). */
export function waitsForUser(toolName: string): "approval" | "output" | undefined {
  if (!Object.hasOwn(demoTools, toolName)) return undefined
  const offered = demoTools[toolName]
  if (offered?.needsApproval) return "approval"
  return offered?.execute === undefined ? "output" : undefined
}

/** The call an answer is for, as the conversation's messages name it. */
export interface AnsweredCall {
  toolCallId: string
  toolName: string
  /** The AI SDK's id of the call's approval request (approvals only). */
  approvalId?: string | undefined
}

/**
 * The tool message that answers `call`: an approval response (the SDK then runs or denies the
 * tool), or the browser tool's output or error as the call's result. Undefined for an approval
 * whose request the conversation does not hold.
 */
export function answerMessage(
  call: AnsweredCall,
  response: ToolCallResponse,
): ModelMessage | undefined {
  const { toolCallId, toolName } = call
  if ("approved" in response) {
    if (call.approvalId === undefined) return undefined
    const reason = response.reason === undefined ? {} : { reason: response.reason }
    const part = { type: "tool-approval-response" as const, approvalId: call.approvalId }
    return { role: "tool", content: [{ ...part, approved: response.approved, ...reason }] }
  }
  const output =
    "output" in response
      ? { type: "json" as const, value: toJsonValue(response.output) }
      : { type: "error-text" as const, value: response.error }
  return { role: "tool", content: [{ type: "tool-result", toolCallId, toolName, output }] }
}

/** The page's output as JSON (what it can carry; `undefined` is null). */
function toJsonValue(value: unknown): JSONValue {
  if (value === undefined) return null
  try {
    return JSON.parse(JSON.stringify(value)) as JSONValue
  } catch {
    return String(value)
  }
}
