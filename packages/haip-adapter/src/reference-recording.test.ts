/**
 * HAIPAdapter against the reference server as recorded on the wire: the recording of
 * `@haip/server` 1.0.1 (`REFERENCE_RECORDING_JSONL` of `@aichatkit/haip-server/testing`)
 * played back over a real WebSocket on loopback — a two-turn chat, then a refused token.
 */

import { readRecording, recordedFrames, startRecordingServer } from "@aichatkit/haip-server/testing"
import { foldEvents } from "@aichatkit/network-adapter/testing"
import type { ChatEvent } from "@aichatkit/types"
import { afterEach, describe, expect, it } from "vitest"
import { HAIPAdapter } from "./haip-adapter.js"

const recording = readRecording()
const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function play(conn: number, token: string) {
  const server = await startRecordingServer(conn, recording)
  cleanups.push(() => server.close())
  const adapter = new HAIPAdapter({ url: server.url, token, tool: "pirate", turnIdleMs: 20 })
  cleanups.push(() => adapter.close())
  const events: ChatEvent[] = []
  adapter.subscribe("*", (event) => events.push(event))
  return { server, adapter, events }
}

/** The events of one turn as `type` plus what matters to a reader (role and text of items). */
function turnShape(events: ChatEvent[], runId: string) {
  return events
    .filter((event) => "runId" in event && event.runId === runId)
    .map((event) => {
      if (event.type === "item-added" && event.item.type === "message")
        return `${event.type} ${event.item.role}: ${event.item.content}`
      if (event.type === "run-finished") return `${event.type} ${event.status}`
      return event.type
    })
}

describe("HAIPAdapter against the reference server as recorded", () => {
  it("opens the agent, carries both turns as ChatEvents and keeps the history", async () => {
    const { server, adapter, events } = await play(1, "Bearer TOKEN")
    const [, serverTransaction] = recordedFrames(recording, 1, "s2c")
    const agentId = await adapter.startChatAgent()
    expect(agentId).toBe(serverTransaction?.transaction)

    const first = await adapter.sendMessage(agentId, "hello")
    const second = await adapter.sendMessage(agentId, "second")
    const runIds = events.flatMap((event) => (event.type === "run-started" ? [event.runId] : []))
    expect(runIds).toHaveLength(2)
    expect(turnShape(events, runIds[0] as string)).toEqual([
      "run-started",
      "item-added user: hello",
      "item-done",
      "item-added assistant: Arr, turn 1: hello",
      "item-done",
      "run-finished ok",
    ])
    expect(turnShape(events, runIds[1] as string)).toEqual([
      "run-started",
      "item-added user: second",
      "item-done",
      "item-added assistant: Arr, turn 2: second",
      "item-done",
      "run-finished ok",
    ])
    const contents = (items: typeof first.items) =>
      items.map((item) => item.type === "message" && `${item.role}: ${item.content}`)
    expect(contents(first.items)).toEqual(["user: hello", "assistant: Arr, turn 1: hello"])
    expect(contents(second.items)).toEqual(["user: second", "assistant: Arr, turn 2: second"])

    const history = await adapter.getConversationHistory(agentId)
    expect(history.map((message) => `${message.role}: ${message.content}`)).toEqual([
      "user: hello",
      "assistant: Arr, turn 1: hello",
      "user: second",
      "assistant: Arr, turn 2: second",
    ])
    expect(foldEvents(events.filter((event) => "agentId" in event))).toEqual(
      await adapter.getConversationItems(agentId),
    )
    expect(events.filter((event) => event.type === "error")).toEqual([])
    expect(
      events.flatMap((event) => (event.type === "connection-changed" ? [event.status] : [])),
    ).toEqual(["connecting", "open"])

    // The user's turns went out as the reference SDK sent them: MESSAGE on USER, the text bare.
    const sent = (server.received[0] ?? []).filter((frame) => frame.type === "MESSAGE")
    expect(sent.map((frame) => [frame.channel, frame.transaction, frame.payload])).toEqual(
      recordedFrames(recording, 1, "c2s")
        .filter((frame) => frame.type === "MESSAGE")
        .map((frame) => [frame.channel, frame.transaction, frame.payload]),
    )
    await adapter.stopChatAgent(agentId)
    expect(adapter.connectionStatus).toBe("closed")
  })

  it("shows the refused token as one AUTHENTICATION_FAILED and a closed connection, never reconnecting", async () => {
    const { server, adapter, events } = await play(2, "WRONG")
    await expect(adapter.startChatAgent()).rejects.toMatchObject({
      code: "AUTHENTICATION_FAILED",
      message: expect.stringMatching(/check the token/),
    })
    expect(events.flatMap((event) => (event.type === "error" ? [event.error.code] : []))).toEqual([
      "AUTHENTICATION_FAILED",
    ])
    const statuses = events.flatMap((event) =>
      event.type === "connection-changed" ? [event.status] : [],
    )
    expect(statuses).not.toContain("reconnecting")
    expect(statuses.at(-1)).toBe("closed")
    expect(adapter.client.phase).toBe("closed")
    expect(server.received).toHaveLength(1)
    // Asking again does not open a new connection with the refused token.
    await expect(adapter.startChatAgent()).rejects.toMatchObject({ code: "AUTHENTICATION_FAILED" })
    expect(server.received).toHaveLength(1)
  })
})
