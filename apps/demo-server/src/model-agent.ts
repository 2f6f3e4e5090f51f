/**
 * The demo agent backed by a real language model through the AI SDK (`streamText`), in the
 * scripted agent's shape, so every wire of the demo server serves it unchanged. It keeps each
 * conversation's messages, offers the demo's tools (the weather, run once the user approves it;
 * the browser tool `getLocation`, answered by the page), and turns the model's stream into the
 * ChatEvents the scripted agent gives (model-events.ts). An answer to a waiting call goes into
 * the conversation as the AI SDK reads it, and the model's run goes on from there.
 * `main.ts` uses it when OPENAI_API_KEY is set.
 */
import type { RespondInput, ScriptedAgent, ToolAnswerInput } from "@aichatkit/testing"
import type { ChatEvent, ToolCall } from "@aichatkit/types"
import { type LanguageModel, type ModelMessage, stepCountIs, streamText } from "ai"
import { type AnsweredItem, type ModelRunContext, modelEvents } from "./model-events.js"
import { answerMessage, demoTools } from "./model-tools.js"

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
  "You are the aichatkit demo assistant. Answer briefly, in markdown. Use the weather tool when asked about the weather (the user approves each lookup), and getLocation when you need to know where the user is."

/** One conversation: the model's messages, and the approval ids of calls that wait for one. */
interface Conversation {
  messages: ModelMessage[]
  approvals: Map<string, string>
}

/** Creates the agent; each agent id is one conversation whose messages it keeps. */
export function createModelAgent(options: ModelAgentOptions): ScriptedAgent {
  const conversations = new Map<string, Conversation>()
  let runs = 0
  const conversationOf = (agentId: string): Conversation => {
    const known = conversations.get(agentId)
    if (known) return known
    const created: Conversation = { messages: [], approvals: new Map() }
    conversations.set(agentId, created)
    return created
  }

  /** One run of the model over the conversation; what it says is the conversation from then on. */
  async function* run(
    conversation: Conversation,
    context: Omit<ModelRunContext, "now" | "onApprovalRequest">,
  ): AsyncIterable<ChatEvent> {
    const result = streamText({
      model: options.model,
      system: options.system ?? defaultSystem,
      messages: conversation.messages,
      tools: demoTools,
      stopWhen: stepCountIs(3),
      // A failure reaches the user as the run's error (the stream's error part), not a log.
      onError: () => {},
      ...(context.signal ? { abortSignal: context.signal } : {}),
    })
    yield* modelEvents(result.fullStream, {
      ...context,
      now: options.now,
      onApprovalRequest: (toolCallId, approvalId) =>
        conversation.approvals.set(toolCallId, approvalId),
    })
    try {
      conversation.messages.push(...(await result.response).messages)
    } catch {
      // A failed or cancelled answer adds nothing; the user's message stays for the next turn.
    }
  }

  const newRunId = (runId: string | undefined) => {
    runs += 1
    return runId ?? `model-run-${runs}`
  }

  return {
    async *respond(input: RespondInput): AsyncIterable<ChatEvent> {
      const runId = newRunId(input.runId)
      const conversation = conversationOf(input.agentId)
      conversation.messages.push({ role: "user", content: userContent(input) })
      yield* run(conversation, { agentId: input.agentId, runId, signal: input.signal })
    },

    async *answerToolCall(input: ToolAnswerInput): AsyncIterable<ChatEvent> {
      const runId = newRunId(input.runId)
      const conversation = conversationOf(input.agentId)
      const { toolCall, response } = input
      const approvalId = conversation.approvals.get(toolCall.id)
      const message = answerMessage(
        { toolCallId: toolCall.id, toolName: toolCall.name, approvalId },
        response,
      )
      const context = { agentId: input.agentId, runId, signal: input.signal }
      if (!message) {
        yield* notWaiting(context, toolCall)
        return
      }
      conversation.approvals.delete(toolCall.id)
      conversation.messages.push(message)
      yield* run(conversation, { ...context, answered: answeredItem(input) })
    },
  }
}

/**
 * The user's message as the model reads it: the text, then a line naming the files (the agent
 * is handed their names and media types, not their bytes), so files alone are not an empty turn.
 */
function userContent({ message, files = [] }: RespondInput): string {
  if (files.length === 0) return message
  const listed = files.map((file) => `${file.name} (${file.mediaType})`).join(", ")
  return `${message}\n\n[The user sent ${files.length === 1 ? "a file" : "files"}: ${listed}]`.trim()
}

/** The answered call as this run settles it: an approval by the tool's outcome, an output now. */
function answeredItem(input: ToolAnswerInput): AnsweredItem {
  const { itemId, toolCall, response } = input
  if ("approved" in response) {
    const approval =
      response.reason === undefined
        ? { approved: response.approved }
        : { approved: response.approved, reason: response.reason }
    return { itemId, toolCall: { ...toolCall, approval } }
  }
  const settled: Partial<ToolCall> =
    "output" in response
      ? { status: "completed", result: response.output }
      : { status: "error", error: response.error }
  return { itemId, toolCall, settled }
}

/** A run that says the call does not wait for this answer (its request is not in the conversation). */
function* notWaiting(
  context: { agentId: string; runId: string },
  toolCall: ToolCall,
): Iterable<ChatEvent> {
  const { agentId, runId } = context
  const error = {
    code: "INVALID_INPUT" as const,
    message: `The tool call "${toolCall.name}" does not wait for an approval.`,
    retryable: false,
  }
  yield { type: "run-started", agentId, runId }
  yield { type: "error", agentId, runId, error }
  yield { type: "run-finished", agentId, runId, status: "error", error }
}
