import type { HAIPMessage } from "@aichatkit/haip-client"
import { checkEventOrder, foldEvents } from "@aichatkit/network-adapter/testing"
import type { ChatEvent } from "@aichatkit/types"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { AgentTurn } from "./turn.js"

function turnWith(runEvents: boolean) {
  const events: ChatEvent[] = []
  const cancels: string[] = []
  const turn = new AgentTurn(
    "agent",
    {
      emit: (event) => events.push(event),
      now: () => "2026-01-01T00:00:00.000Z",
      cancelRun: (runId) => cancels.push(`run:${runId}`),
      cancelTool: (callId) => cancels.push(`tool:${callId}`),
    },
    { runEvents, idleMs: 10_000, cancelGraceMs: 10_000 },
  )
  return { turn, events, cancels }
}

let counter = 0
function frame(
  type: HAIPMessage["type"],
  payload: unknown,
  extra: Partial<HAIPMessage> = {},
): HAIPMessage {
  counter++
  return {
    id: `f${counter}`,
    transaction: "agent",
    session: "s",
    seq: String(counter),
    ts: "0",
    channel: "AGENT",
    type,
    payload,
    ...extra,
  }
}

const ids = fc.constantFrom("a", "b", "c")
const frameArbitrary = fc.oneof(
  ids.map((id) => frame("MESSAGE_START", { message_id: id, author: "assistant" })),
  fc.tuple(ids, fc.string()).map(([id, text]) => frame("MESSAGE_PART", { message_id: id, text })),
  ids.map((id) => frame("MESSAGE_END", { message_id: id })),
  fc.string().map((text) => frame("MESSAGE", text)),
  fc.anything().map((payload) => frame("MESSAGE", { type: "card", card: payload })),
  ids.map((id) => frame("TOOL_CALL", { call_id: id, tool: "weather", params: {} })),
  fc
    .tuple(ids, fc.integer({ min: 0, max: 100 }))
    .map(([id, progress]) => frame("TOOL_UPDATE", { call_id: id, status: "RUNNING", progress })),
  fc
    .tuple(ids, fc.constantFrom("OK", "ERROR", "CANCELLED"))
    .map(([id, status]) => frame("TOOL_DONE", { call_id: id, status })),
  fc
    .string()
    .map((message) =>
      frame("ERROR", { code: "TOOL_EXECUTION_ERROR", message }, { channel: "SYSTEM" }),
    ),
)

describe("AgentTurn fuzz", () => {
  it("turns any order of frames, repeats included, into legal events that add up to the response", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(frameArbitrary, { maxLength: 40 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        async (frames, repeats) => {
          const wire = [...frames]
          for (const repeat of repeats)
            if (frames.length > 0)
              wire.splice(
                repeat % (wire.length + 1),
                0,
                frames[repeat % frames.length] as HAIPMessage,
              )
          const { turn, events } = turnWith(true)
          turn.start("hello")
          turn.observe(frame("RUN_STARTED", {}, { run_id: "server-run", channel: "SYSTEM" }))
          for (const entry of wire) expect(() => turn.observe(entry)).not.toThrow()
          turn.observe(
            frame("RUN_FINISHED", { status: "OK" }, { run_id: "server-run", channel: "SYSTEM" }),
          )
          const outcome = await turn.response.then(
            (response) => ({ response }),
            (error: unknown) => ({ error }),
          )
          expect(checkEventOrder(events)).toEqual([])
          if ("response" in outcome) expect(outcome.response.items).toEqual(foldEvents(events))
          else expect(events.at(-1)).toMatchObject({ type: "run-finished", status: "error" })
        },
      ),
      { numRuns: 300 },
    )
  })

  it("ignores frames of another (cancelled) run", () => {
    const { turn, events } = turnWith(true)
    turn.start("hello")
    turn.observe(frame("RUN_STARTED", {}, { run_id: "mine" }))
    turn.observe(frame("MESSAGE", "late answer of an old run", { run_id: "old" }))
    expect(events.filter((event) => event.type === "item-added")).toHaveLength(1)
  })

  it("cancels the server's run once it is named, and closes open items when the run ends", async () => {
    const { turn, events, cancels } = turnWith(true)
    turn.start("hello")
    turn.cancel()
    expect(cancels).toEqual([])
    turn.observe(frame("RUN_STARTED", {}, { run_id: "r1" }))
    expect(cancels).toEqual(["run:r1"])
    turn.observe(frame("TOOL_CALL", { call_id: "c", tool: "weather" }, { run_id: "r1" }))
    turn.observe(frame("RUN_FINISHED", { status: "CANCELLED" }, { run_id: "r1" }))
    await expect(turn.response).rejects.toMatchObject({ code: "CANCELLED" })
    expect(events.filter((event) => event.type === "item-updated").at(-1)).toMatchObject({
      itemId: "c",
      patch: { toolCall: { status: "cancelled" } },
    })
    expect(events.at(-1)).toMatchObject({ type: "run-finished", status: "cancelled" })
    expect(checkEventOrder(events)).toEqual([])
  })

  it("without run events, cancels open tool calls and ends at once", async () => {
    const { turn, events, cancels } = turnWith(false)
    turn.start("hello")
    turn.observe(frame("TOOL_CALL", { call_id: "c", tool: "weather" }))
    turn.cancel()
    expect(cancels).toEqual(["tool:c"])
    await expect(turn.response).rejects.toMatchObject({ code: "CANCELLED" })
    expect(events.at(-1)).toMatchObject({ type: "run-finished", status: "cancelled" })
  })
})
