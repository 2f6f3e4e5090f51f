/**
 * The real-model agent with `ai/test`'s mock model: no network, the same events a real model's
 * stream gives (text, a stopped run, a failure); its tools are in model-agent.tools.test.ts.
 */
import { ItemAccumulator } from "@aichatkit/testing"
import type { ChatEvent } from "@aichatkit/types"
import { simulateReadableStream } from "ai"
import { MockLanguageModelV3 } from "ai/test"
import { describe, expect, it } from "vitest"
import { createModelAgent } from "./model-agent.js"

const usage = {
  inputTokens: { total: 3, noCache: 3, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 5, text: 5, reasoning: undefined },
}

type StreamPart =
  Awaited<ReturnType<MockLanguageModelV3["doStream"]>>["stream"] extends ReadableStream<infer Part>
    ? Part
    : never

const finish = (unified: "stop" | "tool-calls"): StreamPart => ({
  type: "finish",
  usage,
  finishReason: { unified, raw: undefined },
})

/** A model that answers in text (the tools' turns are in model-agent.tools.test.ts). */
function weatherModel() {
  const prompts: unknown[] = []
  const model = new MockLanguageModelV3({
    doStream: async (options) => {
      prompts.push(options.prompt)
      const chunks: StreamPart[] = [
        { type: "stream-start", warnings: [] },
        { type: "text-start", id: "t" },
        { type: "text-delta", id: "t", delta: "It is 7 °C " },
        { type: "text-delta", id: "t", delta: "in Oslo." },
        { type: "text-end", id: "t" },
        finish("stop"),
      ]
      return { stream: simulateReadableStream({ chunks }) }
    },
  })
  return { model, prompts }
}

async function collect(events: AsyncIterable<ChatEvent>): Promise<ChatEvent[]> {
  const list: ChatEvent[] = []
  for await (const event of events) list.push(event)
  return list
}

describe("createModelAgent", () => {
  it("streams the model's answer as ChatEvents", async () => {
    const { model } = weatherModel()
    const agent = createModelAgent({ model })
    const events = await collect(agent.respond({ agentId: "a1", message: "Weather in Oslo?" }))
    expect(events[0]).toMatchObject({ type: "run-started", agentId: "a1" })
    expect(events.at(-1)).toMatchObject({ type: "run-finished", status: "ok" })
    const fold = new ItemAccumulator()
    for (const event of events) fold.apply(event)
    const items = fold.items()
    expect(items).toHaveLength(1)
    expect(items[0]).toMatchObject({ role: "assistant", content: "It is 7 °C in Oslo." })
  })

  it("ends a run the user stopped as cancelled", async () => {
    const stop = new AbortController()
    stop.abort()
    const events = await collect(
      createModelAgent({ model: weatherModel().model }).respond({
        agentId: "a1",
        message: "hi",
        signal: stop.signal,
      }),
    )
    expect(events.at(-1)).toMatchObject({ type: "run-finished", status: "cancelled" })
  })

  it("keeps the conversation: the second turn's prompt holds the first turn", async () => {
    const { model, prompts } = weatherModel()
    const agent = createModelAgent({ model })
    await collect(agent.respond({ agentId: "a1", message: "Weather in Oslo?" }))
    await collect(agent.respond({ agentId: "a1", message: "And tomorrow?" }))
    const last = JSON.stringify(prompts.at(-1))
    expect(last).toContain("Weather in Oslo?")
    expect(last).toContain("It is 7 °C in Oslo.")
    expect(last).toContain("And tomorrow?")
  })

  it("tells the model the names and media types of the files sent, also without text", async () => {
    const { model, prompts } = weatherModel()
    const agent = createModelAgent({ model })
    const red = { name: "red.png", mediaType: "image/png" }
    const files = [red, { name: "trip.pdf", mediaType: "application/pdf" }]
    await collect(agent.respond({ agentId: "a1", message: "", files }))
    expect(JSON.stringify(prompts.at(-1))).toContain(
      "[The user sent files: red.png (image/png), trip.pdf (application/pdf)]",
    )
    await collect(agent.respond({ agentId: "a1", message: "And this?", files: [red] }))
    expect(JSON.stringify(prompts.at(-1))).toContain(
      "And this?\\n\\n[The user sent a file: red.png (image/png)]",
    )
  })

  it("ends a failed answer with an error the user can read", async () => {
    const model = new MockLanguageModelV3({
      doStream: async () => {
        throw new Error("The provider is overloaded.")
      },
    })
    const events = await collect(
      createModelAgent({ model }).respond({ agentId: "a1", message: "hi" }),
    )
    expect(events.at(-1)).toMatchObject({
      type: "run-finished",
      status: "error",
      error: { code: "SERVER_ERROR", message: expect.stringContaining("overloaded") },
    })
  })
})

describe("the demo server with a model agent", () => {
  it("serves the model's answer over the SSE wire instead of the script", async () => {
    const { createDemoServer } = await import("./server.js")
    const server = await createDemoServer({
      agent: createModelAgent({ model: weatherModel().model }),
    })
    try {
      const response = await fetch(`${server.url}/chat`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
        body: JSON.stringify({ message: "hello", session_id: "model-session" }),
      })
      const text = await response.text()
      expect(text).toContain("It is 7 °C ")
      expect(text).not.toContain("Here is what I found")
    } finally {
      await server.close()
    }
  })
})
