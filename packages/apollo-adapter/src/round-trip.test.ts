/**
 * The wire both ways: every event the scripted agent produces, encoded by the demo server's
 * `agentEvent` encoder and decoded by the adapter, comes back as the same event.
 */
import { encodeAgentEvent } from "@aichatkit/demo-server/graphql"
import { createScriptedAgent } from "@aichatkit/testing"
import type { ChatEvent } from "@aichatkit/types"
import { describe, expect, it } from "vitest"
import { decodeAgentEvent } from "./decode.js"

async function collect(message: string, signal?: AbortSignal): Promise<ChatEvent[]> {
  const agent = createScriptedAgent({ tokenDelayMs: 0, slowTokenDelayMs: 0 })
  const events: ChatEvent[] = []
  for await (const event of agent.respond({
    agentId: "a1",
    message,
    ...(signal ? { signal } : {}),
  })) {
    events.push(event)
  }
  return events
}

function roundTrip(events: ChatEvent[]): ChatEvent[] {
  return events.flatMap((event) => {
    const encoded = encodeAgentEvent(event)
    return encoded ? decodeAgentEvent("a1", encoded) : []
  })
}

describe("agentEvent encode → decode", () => {
  it.each(["hello", "use the tool", "make it fail", "show a card", "error please", "slow"])(
    "gives back every event of a %j turn",
    async (message) => {
      const events = await collect(message)
      expect(events.length).toBeGreaterThan(2)
      expect(roundTrip(events)).toEqual(events)
    },
  )

  it("gives back a cancelled turn", async () => {
    const controller = new AbortController()
    const events: ChatEvent[] = []
    const agent = createScriptedAgent({ tokenDelayMs: 0 })
    for await (const event of agent.respond({
      agentId: "a1",
      message: "use the tool",
      signal: controller.signal,
    })) {
      events.push(event)
      if (event.type === "item-updated") controller.abort()
    }
    expect(events.at(-1)).toMatchObject({ type: "run-finished", status: "cancelled" })
    expect(roundTrip(events)).toEqual(events)
  })
})
