/** A run whose tool call waits for the user's side, as a streaming adapter emits it. */
import type { ChatEvent } from "@aichatkit/types"
import type { TestAdapter } from "./test-adapter.js"

/** Run `run-1`: the call `call-1` (item `tool-1`) waits for `awaiting`, and the run ends. */
export function askForAnswer(
  adapter: TestAdapter,
  agentId: string,
  awaiting: "approval" | "output",
): void {
  const runId = "run-1"
  const events: ChatEvent[] = [
    { type: "run-started", agentId, runId },
    {
      type: "item-added",
      agentId,
      runId,
      item: {
        id: "tool-1",
        type: "tool_call",
        toolCall: { id: "call-1", name: "weather", arguments: { city: "Oslo" }, status: "pending" },
      },
    },
    { type: "tool-response-requested", agentId, runId, itemId: "tool-1", awaiting },
    { type: "run-finished", agentId, runId, status: "ok" },
  ]
  for (const event of events) adapter.push(event)
}
