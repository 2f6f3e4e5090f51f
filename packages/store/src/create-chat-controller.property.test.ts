import { ChatError, type ChatEvent, type ChatResponseItem } from "@aichatkit/types"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { createChatController } from "./create-chat-controller.js"
import { invariantViolations } from "./testdata/invariants.js"
import { TestAdapter } from "./testdata/test-adapter.js"

const timestamp = "2026-01-01T00:00:00.000Z"
const message = (id: string, role: "user" | "assistant", content: string): ChatResponseItem => ({
  id,
  type: "message",
  role,
  content,
  timestamp,
})

/** What a user and a flaky adapter can do, in any order. */
const step = fc.oneof(
  fc.record({ op: fc.constant("send" as const), text: fc.constantFrom("hi", "tool", "", "  ") }),
  fc.record({
    op: fc.constantFrom("cancel" as const, "retry" as const, "create" as const, "delete" as const),
  }),
  fc.record({ op: fc.constantFrom("resolve" as const, "reject" as const, "reload" as const) }),
  fc.record({
    op: fc.constant("event" as const),
    kind: fc.constantFrom(
      "run-started",
      "user",
      "item",
      "delta",
      "done",
      "tool",
      "ok",
      "error",
      "cancelled",
      "junk",
    ),
    run: fc.integer({ min: 1, max: 3 }),
  }),
)

function eventFor(agentId: string, kind: string, run: number): ChatEvent {
  const runId = `r${run}`
  switch (kind) {
    case "run-started":
      return { type: "run-started", agentId, runId }
    case "user":
      return { type: "item-added", agentId, runId, item: message(`u${run}`, "user", "hi") }
    case "item":
      return { type: "item-added", agentId, runId, item: message(`a${run}`, "assistant", "") }
    case "delta":
      return { type: "text-delta", agentId, runId, itemId: `a${run}`, delta: "tok " }
    case "done":
      return { type: "item-done", agentId, runId, itemId: `a${run}` }
    case "tool":
      return {
        type: "item-updated",
        agentId,
        runId,
        itemId: `a${run}`,
        patch: { toolCall: { status: "completed" } },
      }
    case "junk":
      return { type: "item-added", agentId, runId, item: { id: 5 } } as unknown as ChatEvent
    default:
      return { type: "run-finished", agentId, runId, status: kind as "ok" | "error" | "cancelled" }
  }
}

describe("createChatController properties", () => {
  it("keeps state consistent and only rejects with ChatErrors, whatever the user and adapter do", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 40 }), async (steps) => {
        const adapter = new TestAdapter()
        const controller = createChatController({
          adapter,
          scheduleFlush: "sync",
          onError: () => undefined,
        })
        const failures: unknown[] = []
        const expectChatError = (promise: Promise<unknown>) =>
          promise.catch((error: unknown) => {
            if (!(error instanceof ChatError)) failures.push(error)
          })
        const answered = new Set<number>()
        for (const next of steps) {
          const state = controller.store.getState()
          const active = state.activeConversationId
            ? state.conversations[state.activeConversationId]
            : undefined
          const sendIndex = adapter.sends.findIndex((_, index) => !answered.has(index))
          try {
            if (next.op === "send") void expectChatError(controller.send(next.text))
            else if (next.op === "cancel") controller.cancel()
            else if (next.op === "retry") void expectChatError(controller.retry())
            else if (next.op === "create") void expectChatError(controller.createConversation())
            else if (next.op === "delete")
              void expectChatError(controller.deleteConversation(active?.id ?? "none"))
            else if (next.op === "reload") void expectChatError(controller.reload())
            else if (next.op === "event")
              adapter.push(eventFor(active?.agentId ?? "agent-x", next.kind, next.run))
            else if (sendIndex !== -1) {
              answered.add(sendIndex)
              const pending = adapter.sends[sendIndex]
              if (next.op === "resolve") {
                pending?.resolve({
                  conversationId: "x",
                  items: [message("u1", "user", "hi"), message("a1", "assistant", "ok")],
                })
              } else pending?.reject(new Error("network down"))
            }
          } catch (error) {
            if (!(error instanceof ChatError)) failures.push(error)
          }
          await new Promise((resolve) => setTimeout(resolve, 0))
          expect(invariantViolations(controller.store.getState())).toEqual([])
        }
        controller.dispose()
        expect(failures).toEqual([])
      }),
      { numRuns: 150 },
    )
  })
})
