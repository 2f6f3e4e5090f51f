import { getEventListeners } from "node:events"
import { describe, expect, it } from "vitest"
import { createScriptedAgent } from "./scripted-agent.js"

/** Plays turns on one signal until at least `waits` tokens (one wait each) have streamed. */
async function streamOnOneSignal(
  options: { tokenDelayMs: number; slowTokenDelayMs: number },
  message: string,
  waits: number,
): Promise<{ signal: AbortSignal; mostListeners: number }> {
  const agent = createScriptedAgent(options)
  const signal = new AbortController().signal
  let tokens = 0
  let mostListeners = 0
  while (tokens < waits) {
    for await (const event of agent.respond({ agentId: "a1", message, signal })) {
      if (event.type === "text-delta") tokens += 1
      mostListeners = Math.max(mostListeners, getEventListeners(signal, "abort").length)
    }
  }
  return { signal, mostListeners }
}

describe("the scripted agent's waits", () => {
  it("leave no abort listener behind after 1,000 timed waits on one signal", async () => {
    const { signal, mostListeners } = await streamOnOneSignal(
      { tokenDelayMs: 1, slowTokenDelayMs: 1 },
      "hello",
      1000,
    )
    expect(mostListeners).toBeLessThanOrEqual(1)
    expect(getEventListeners(signal, "abort")).toHaveLength(0)
  })

  it("leave no abort listener behind after 1,000 zero-delay waits on one signal", async () => {
    const { signal, mostListeners } = await streamOnOneSignal(
      { tokenDelayMs: 0, slowTokenDelayMs: 0 },
      "slow",
      1000,
    )
    expect(mostListeners).toBeLessThanOrEqual(1)
    expect(getEventListeners(signal, "abort")).toHaveLength(0)
  })
})
