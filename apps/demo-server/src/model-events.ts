/**
 * The real model's stream (`streamText`'s `fullStream` parts) as ChatEvents, the scripted
 * agent's events for the same things: text as messages, a tool run on the server as a call
 * going executing → completed, a call that asks for approval or waits for the browser as a
 * pending call and `tool-response-requested`, and, in the run an answer starts, the answered
 * call settled under its first item's id.
 */
import type { ChatEvent, ToolCall } from "@aichatkit/types"
import { waitsForUser } from "./model-tools.js"

type StreamPart = { type: string } & Record<string, unknown>

/** The call an answer settles in this run, as the run that asked added it. */
export interface AnsweredItem {
  itemId: string
  toolCall: ToolCall
  /** What the answer itself settles (a browser tool's output or error): said first. */
  settled?: Partial<ToolCall> | undefined
}

export interface ModelRunContext {
  agentId: string
  runId: string
  now: (() => Date) | undefined
  /** Aborted when the user stops the run: it then ends `cancelled`. */
  signal?: AbortSignal | undefined
  answered?: AnsweredItem | undefined
  /** Keeps the AI SDK's approval id of a call that asks for approval, for the answer. */
  onApprovalRequest?: ((toolCallId: string, approvalId: string) => void) | undefined
}

/** The model's stream parts as ChatEvents, from run-started to run-finished. */
export async function* modelEvents(
  parts: AsyncIterable<StreamPart>,
  context: ModelRunContext,
): AsyncIterable<ChatEvent> {
  const { agentId, runId, answered } = context
  const open = new Set<string>()
  yield { type: "run-started", agentId, runId }
  if (answered?.settled) yield* settle(context, answered, answered.settled)
  try {
    for await (const part of parts) {
      const events = partEvents(part, context, open)
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
  const status = context.signal?.aborted ? "cancelled" : "ok"
  yield { type: "run-finished", agentId, runId, status }
}

function partEvents(
  part: StreamPart,
  context: ModelRunContext,
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
            timestamp: timestamp(context),
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
      return toolCallEvents(part, context, open)
    case "tool-approval-request": {
      // The call was added pending at its tool-call part; now it waits for the user's yes or no.
      const toolCallId = String((part.toolCall as { toolCallId?: unknown }).toolCallId)
      context.onApprovalRequest?.(toolCallId, String(part.approvalId))
      return [
        {
          type: "tool-response-requested",
          agentId,
          runId,
          itemId: id(toolCallId),
          awaiting: "approval",
        },
      ]
    }
    case "tool-result":
    case "tool-error":
    case "tool-output-denied":
      return toolOutcomeEvents(part, context, open)
    case "error":
      throw part.error instanceof Error ? part.error : new Error(String(part.error))
    case "abort":
      return "finished"
    default:
      return []
  }
}

/** A call the model made: run here (executing), or waiting for the user's side (pending). */
function toolCallEvents(
  part: StreamPart,
  context: ModelRunContext,
  open: Set<string>,
): ChatEvent[] {
  const { agentId, runId } = context
  const itemId = `${runId}-${String(part.toolCallId)}`
  const awaiting = waitsForUser(String(part.toolName))
  const toolCall: ToolCall = {
    id: String(part.toolCallId),
    name: String(part.toolName),
    arguments: (part.input ?? {}) as Record<string, unknown>,
    status: awaiting === undefined ? "executing" : "pending",
  }
  const added: ChatEvent = {
    type: "item-added",
    agentId,
    runId,
    item: { id: itemId, type: "tool_call", toolCall, timestamp: timestamp(context) },
  }
  // A waiting call stays open past the run: its answer settles it, in the next run.
  if (awaiting === undefined) open.add(itemId)
  if (awaiting !== "output") return [added]
  return [added, { type: "tool-response-requested", agentId, runId, itemId, awaiting }]
}

/** A tool's result, failure or denial: the answered call settled, or a call of this run. */
function toolOutcomeEvents(
  part: StreamPart,
  context: ModelRunContext,
  open: Set<string>,
): ChatEvent[] {
  const { agentId, runId, answered } = context
  const patch: Partial<ToolCall> =
    part.type === "tool-result"
      ? { status: "completed", result: part.output }
      : part.type === "tool-error"
        ? { status: "error", error: String(part.error) }
        : { status: "cancelled" }
  if (answered && answered.toolCall.id === String(part.toolCallId)) {
    return settle(context, answered, patch)
  }
  const itemId = `${runId}-${String(part.toolCallId)}`
  open.delete(itemId)
  return [
    { type: "item-updated", agentId, runId, itemId, patch: { toolCall: patch } },
    { type: "item-done", agentId, runId, itemId },
  ]
}

/** The answered call as the answer leaves it, under its first item's id (as the script does). */
function settle(context: ModelRunContext, answered: AnsweredItem, patch: Partial<ToolCall>) {
  const { agentId, runId } = context
  const { itemId } = answered
  const toolCall = { ...answered.toolCall, ...patch }
  const item = { id: itemId, type: "tool_call" as const, toolCall, timestamp: timestamp(context) }
  return [
    { type: "item-added", agentId, runId, item },
    { type: "item-done", agentId, runId, itemId },
  ] satisfies ChatEvent[]
}

function timestamp(context: ModelRunContext): string {
  return (context.now?.() ?? new Date()).toISOString()
}

function* failed(context: ModelRunContext, open: Set<string>, error: unknown): Iterable<ChatEvent> {
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
