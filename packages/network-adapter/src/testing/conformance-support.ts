/** What the conformance cases share: checks of items and responses, and an event recorder. */
import { type ChatEvent, type ChatResponse, chatResponseItemProblem } from "@aichatkit/types"
import { expect } from "vitest"
import type { NetworkAdapter } from "../network-adapter.js"

/** How long to keep listening after a call settled, to catch events that should not come. */
const QUIET_PERIOD_MS = 100

/** Expects a list of valid items. */
export function expectValidItems(items: unknown, source: string): void {
  expect(Array.isArray(items), `${source} gives an array`).toBe(true)
  ;(items as unknown[]).forEach((item, index) => {
    expect(chatResponseItemProblem(item), `${source} item ${index}`).toBeUndefined()
  })
}

/** Expects a response with a conversation id and valid items. */
export function expectValidResponse(response: ChatResponse): void {
  expect(typeof response?.conversationId, "response.conversationId").toBe("string")
  expectValidItems(response.items, "response.items")
  expect(response.items.length, "the response has items").toBeGreaterThan(0)
}

/** Whether an event belongs to an agent's run (not a connection change or adapter-wide error). */
export function isRunEvent(event: ChatEvent): boolean {
  return "agentId" in event && event.agentId !== undefined
}

/** Keeps the events of one agent, in the order a listener saw them. */
export function record(adapter: NetworkAdapter, agentId: string): { list(): ChatEvent[] } {
  const events: ChatEvent[] = []
  adapter.subscribe(agentId, (event) => {
    events.push(event)
  })
  return { list: () => [...events] }
}

/**
 * Resolves at the next event of `type` the adapter emits for the agent (and stops listening):
 * what a test waits for instead of sleeping.
 */
export function nextEvent<Type extends ChatEvent["type"]>(
  adapter: NetworkAdapter,
  agentId: string,
  type: Type,
): Promise<Extract<ChatEvent, { type: Type }>> {
  return new Promise((resolve) => {
    const stop = adapter.subscribe(agentId, (event) => {
      if (event.type !== type) return
      stop()
      resolve(event as Extract<ChatEvent, { type: Type }>)
    })
  })
}

/** Waits a while after a call settled, to catch events that should not come. */
export function quietPeriod(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, QUIET_PERIOD_MS))
}
