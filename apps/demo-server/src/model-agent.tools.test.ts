/**
 * The real-model agent's demo tools with `ai/test`'s mock model (no network): the weather
 * (asks for approval) and the browser tool `getLocation` are offered to the model; their calls
 * become the scripted agent's events (a pending call and `tool-response-requested`), and the
 * answer continues the model's run from the conversation, here and over the GraphQL wire.
 */
import { checkEventOrder } from "@aichatkit/network-adapter/testing"
import { BROWSER_TOOL_NAME, ItemAccumulator } from "@aichatkit/testing"
import type { ChatEvent, ChatResponseItem, ToolCallItem, ToolCallResponse } from "@aichatkit/types"
import { simulateReadableStream } from "ai"
import { MockLanguageModelV3 } from "ai/test"
import { describe, expect, it } from "vitest"
import { createModelAgent } from "./model-agent.js"

type DoStreamOptions = Parameters<MockLanguageModelV3["doStream"]>[0]
type StreamPart =
  Awaited<ReturnType<MockLanguageModelV3["doStream"]>>["stream"] extends ReadableStream<infer Part>
    ? Part
    : never

const usage = {
  inputTokens: { total: 3, noCache: 3, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 5, text: 5, reasoning: undefined },
}

/**
 * Calls `getLocation` when asked where the user is, the weather otherwise; once the prompt ends
 * with a tool's result, says what it was.
 */
function toolModel() {
  const calls: DoStreamOptions[] = []
  const model = new MockLanguageModelV3({
    doStream: async (options) => {
      calls.push(options)
      const last = options.prompt.at(-1)
      const result =
        last?.role === "tool" ? last.content.find((part) => part.type === "tool-result") : undefined
      const asked = JSON.stringify(options.prompt.findLast((message) => message.role === "user"))
      const toolName = asked.includes("where") ? BROWSER_TOOL_NAME : "weather"
      const chunks: StreamPart[] = [{ type: "stream-start", warnings: [] }]
      if (result === undefined) {
        const input = JSON.stringify(toolName === "weather" ? { city: "Oslo" } : {})
        chunks.push({ type: "tool-call", toolCallId: `call-${calls.length}`, toolName, input })
      } else {
        const said = `The tool said ${JSON.stringify(result.output)}.`
        chunks.push(
          { type: "text-start", id: "t" },
          { type: "text-delta", id: "t", delta: said },
          { type: "text-end", id: "t" },
        )
      }
      const unified = result === undefined ? "tool-calls" : "stop"
      chunks.push({ type: "finish", usage, finishReason: { unified, raw: undefined } })
      return { stream: simulateReadableStream({ chunks }) }
    },
  })
  return { model, calls }
}

async function collect(events: AsyncIterable<ChatEvent> | undefined): Promise<ChatEvent[]> {
  const list: ChatEvent[] = []
  for await (const event of events ?? []) list.push(event)
  return list
}

function itemsOf(events: readonly ChatEvent[], fold = new ItemAccumulator()): ChatResponseItem[] {
  for (const event of events) fold.apply(event)
  return fold.items()
}

function waitingCall(events: readonly ChatEvent[]): ToolCallItem {
  const call = itemsOf(events).find((item): item is ToolCallItem => item.type === "tool_call")
  if (!call) throw new Error("no tool call")
  return call
}

/** An agent that asked `message` and the call it left waiting. */
async function asked(message: string) {
  const { model, calls } = toolModel()
  const agent = createModelAgent({ model })
  const first = await collect(agent.respond({ agentId: "a1", message }))
  const call = waitingCall(first)
  /** Answers the call; the next run's events, and every item after it. */
  const answer = async (response: ToolCallResponse) => {
    const input = { agentId: "a1", itemId: call.id, toolCall: call.toolCall, response }
    const next = await collect(agent.answerToolCall?.(input))
    return { next, items: itemsOf([...first, ...next]) }
  }
  return { calls, first, call, answer }
}

describe("createModelAgent: the demo tools", () => {
  it("offers the model the weather tool and the browser tool", async () => {
    const { calls } = await asked("weather in Oslo?")
    const offered = (calls[0]?.tools ?? []).map((tool) => tool.name)
    expect(offered).toEqual(expect.arrayContaining(["weather", BROWSER_TOOL_NAME]))
  })

  it("turns the weather call into an approval request, as the scripted agent's", async () => {
    const { first, call } = await asked("weather in Oslo?")
    expect(checkEventOrder(first)).toEqual([])
    expect(first).toContainEqual(
      expect.objectContaining({
        type: "tool-response-requested",
        itemId: call.id,
        awaiting: "approval",
      }),
    )
    expect(call.toolCall).toMatchObject({
      name: "weather",
      arguments: { city: "Oslo" },
      status: "awaiting-approval",
    })
    expect(first.at(-1)).toMatchObject({ type: "run-finished", status: "ok" })
  })

  it("runs the tool once approved and goes on from its result", async () => {
    const { answer, calls, call } = await asked("weather in Oslo?")
    const response = { approved: true, reason: "fine" }
    const { next, items } = await answer(response)
    expect(checkEventOrder(next)).toEqual([])
    expect(next.at(-1)).toMatchObject({ type: "run-finished", status: "ok" })
    expect(items.find((item) => item.id === call.id)).toMatchObject({
      toolCall: {
        status: "completed",
        approval: { approved: true, reason: "fine" },
        result: { city: "Oslo", temperatureC: 7 },
      },
    })
    expect(items.at(-1)).toMatchObject({ role: "assistant", content: expect.stringContaining("7") })
    expect(JSON.stringify(calls.at(-1)?.prompt)).toContain("light rain")
  })

  it("does not run a denied tool; the model hears it was denied", async () => {
    const { answer, calls, call } = await asked("weather in Oslo?")
    const { items } = await answer({ approved: false })
    expect(items.find((item) => item.id === call.id)).toMatchObject({
      toolCall: { status: "cancelled", approval: { approved: false } },
    })
    expect(JSON.stringify(calls.at(-1)?.prompt)).toContain("execution-denied")
  })

  it("hands the browser tool to the page and goes on from its output", async () => {
    const { answer, calls, first, call } = await asked("where am I?")
    expect(call.toolCall).toMatchObject({ name: BROWSER_TOOL_NAME, status: "pending" })
    expect(first).toContainEqual(
      expect.objectContaining({
        type: "tool-response-requested",
        itemId: call.id,
        awaiting: "output",
      }),
    )
    const response = { output: { city: "Bergen" } }
    const { next, items } = await answer(response)
    expect(checkEventOrder(next)).toEqual([])
    expect(items.find((item) => item.id === call.id)).toMatchObject({
      toolCall: { status: "completed", result: { city: "Bergen" } },
    })
    expect(items.at(-1)).toMatchObject({ content: expect.stringContaining("Bergen") })
    expect(JSON.stringify(calls.at(-1)?.prompt)).toContain("Bergen")
  })
})

describe("the demo server with a model agent: approval over the GraphQL wire", () => {
  it("asks for approval, and the respondToToolCall mutation continues the run", async () => {
    const { createDemoServer } = await import("./server.js")
    const server = await createDemoServer({ agent: createModelAgent({ model: toolModel().model }) })
    const post = async (query: string, variables: Record<string, unknown> = {}) => {
      const response = await fetch(`${server.url}/graphql`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ query, variables }),
      })
      const body = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown }
      expect(body.errors).toBeUndefined()
      return body.data ?? {}
    }
    try {
      const id = (await post("mutation { createConversation }")).createConversation as string
      const turn = await post(
        "query ($id: String!, $q: String!) { continueChat(id: $id, query: $q) { items } }",
        { id, q: "weather in Oslo?" },
      )
      const items = JSON.parse((turn.continueChat as { items: string }).items) as ChatResponseItem[]
      const call = items.find((item): item is ToolCallItem => item.type === "tool_call")
      expect(call?.toolCall.status).toBe("awaiting-approval")
      const answered = await post(
        "mutation ($id: String!, $call: String!, $r: String!) { respondToToolCall(agentId: $id, toolCallId: $call, response: $r) }",
        { id, call: call?.toolCall.id, r: JSON.stringify({ approved: true }) },
      )
      expect(answered.respondToToolCall).toBe(true)
      const history = await post("query ($id: String!) { chatHistory(id: $id) { items } }", { id })
      const after = JSON.parse(
        (history.chatHistory as { items: string }).items,
      ) as ChatResponseItem[]
      expect(after.find((item) => item.id === call?.id)).toMatchObject({
        toolCall: { status: "completed", approval: { approved: true } },
      })
      expect(after.at(-1)).toMatchObject({
        role: "assistant",
        content: expect.stringContaining("7"),
      })
    } finally {
      await server.close()
    }
  })
})
