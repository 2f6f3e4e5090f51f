// Over 300 lines: one describe per kind of server (ours, ours across drops, a reference-style stand-in), each over a real socket.
import { startProxy, waitFor } from "@aichatkit/haip-server/testing"
import { foldEvents } from "@aichatkit/network-adapter/testing"
import type { ChatEvent, ChatResponseItem } from "@aichatkit/types"
import { afterEach, describe, expect, it } from "vitest"
import { HAIPAdapter } from "./haip-adapter.js"
import { FrameReply, startReferenceServer } from "./testdata/reference-server.js"
import { startTestServer } from "./testdata/servers.js"
import type { HAIPAdapterOptions } from "./types.js"

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function server(options: Parameters<typeof startTestServer>[0] = {}) {
  const started = await startTestServer(options)
  cleanups.push(() => started.close())
  return started
}

function adapter(options: Partial<HAIPAdapterOptions> & { url: string }) {
  const instance = new HAIPAdapter({
    token: "Bearer TOKEN",
    tool: "demo",
    reconnect: { delayMs: 20 },
    ...options,
  })
  cleanups.push(() => instance.close())
  const events: ChatEvent[] = []
  instance.subscribe("*", (event) => events.push(event))
  return { instance, events }
}

const ofType = <T extends ChatEvent["type"]>(events: ChatEvent[], type: T) =>
  events.filter((event): event is Extract<ChatEvent, { type: T }> => event.type === type)
const answer = (items: ChatResponseItem[]) =>
  items.filter((item) => !(item.type === "message" && item.role === "user"))

describe("HAIPAdapter against our server", () => {
  it("streams a message token by token and resolves with the items the events built", async () => {
    const { url } = await server()
    const { instance, events } = adapter({ url })
    const agentId = await instance.startChatAgent()
    const response = await instance.sendMessage(agentId, "hello")
    expect(response.conversationId).toBe(agentId)
    expect(response.items[0]).toMatchObject({ type: "message", role: "user", content: "hello" })
    const [reply] = answer(response.items)
    expect(reply).toMatchObject({ type: "message", role: "assistant" })
    expect(ofType(events, "text-delta").length).toBeGreaterThan(5)
    expect(foldEvents(events.filter((event) => "agentId" in event))).toEqual(response.items)
    expect(
      events
        .filter((event) => event.type === "connection-changed")
        .map((event) => event.type === "connection-changed" && event.status),
    ).toEqual(["connecting", "open"])
    expect(await instance.getConversationItems(agentId)).toEqual(response.items)
  })

  it("takes whole MESSAGE frames as complete messages", async () => {
    const { url } = await server()
    const { instance } = adapter({ url, tool: "script" })
    const agentId = await instance.startChatAgent()
    const response = await instance.sendMessage(agentId, "count 3")
    expect(answer(response.items).map((item) => item.type === "message" && item.content)).toEqual([
      "1",
      "2",
      "3",
    ])
  })

  it("shows a tool call with its status and progress, then its result", async () => {
    const { url } = await server()
    const { instance, events } = adapter({ url })
    const agentId = await instance.startChatAgent()
    const response = await instance.sendMessage(agentId, "what is the weather? use the tool")
    const call = response.items.find((item) => item.type === "tool_call")
    expect(call).toMatchObject({
      type: "tool_call",
      toolCall: { name: expect.any(String), status: "completed" },
    })
    const updates = ofType(events, "item-updated").filter((event) => event.itemId === call?.id)
    const progress = updates.flatMap((event) =>
      event.patch.toolCall?.progress === undefined ? [] : [event.patch.toolCall.progress],
    )
    expect(progress.length).toBeGreaterThan(1)
    expect(progress).toEqual([...progress].sort((a, b) => a - b))
    expect(updates.map((event) => event.patch.toolCall?.status)).toContain("executing")
    expect(
      response.items.some((item) => item.type === "message" && item.role === "assistant"),
    ).toBe(true)
  })

  it("shows a failing tool call as an error", async () => {
    const { url } = await server()
    const { instance } = adapter({ url })
    const agentId = await instance.startChatAgent()
    const response = await instance.sendMessage(agentId, "make the tool fail")
    const call = response.items.find((item) => item.type === "tool_call")
    expect(call).toMatchObject({ toolCall: { status: "error", error: expect.any(String) } })
  })

  it("shows a card with its button and link", async () => {
    const { url } = await server()
    const { instance } = adapter({ url })
    const agentId = await instance.startChatAgent()
    const response = await instance.sendMessage(agentId, "show me a card")
    const card = response.items.find((item) => item.type === "card")
    expect(card?.type === "card" && card.card.actions?.map((action) => action.type).sort()).toEqual(
      ["button", "link"],
    )
  })

  it("rejects a failed turn with the server's error after run-finished error", async () => {
    const { url } = await server()
    const { instance, events } = adapter({ url })
    const agentId = await instance.startChatAgent()
    await expect(instance.sendMessage(agentId, "cause an error")).rejects.toMatchObject({
      code: expect.any(String),
    })
    expect(ofType(events, "run-finished").at(-1)).toMatchObject({ status: "error" })
  })

  it("cancels through the AbortSignal: RUN_CANCEL, run-finished cancelled, CANCELLED", async () => {
    const { url } = await server()
    const { instance, events } = adapter({ url })
    const agentId = await instance.startChatAgent()
    const controller = new AbortController()
    instance.subscribe(agentId, (event) => {
      if (event.type === "text-delta") controller.abort()
    })
    await expect(
      instance.sendMessage(agentId, "go slow", { signal: controller.signal }),
    ).rejects.toMatchObject({ code: "CANCELLED" })
    expect(ofType(events, "run-finished").at(-1)).toMatchObject({ status: "cancelled" })
    const next = await instance.sendMessage(agentId, "hello")
    expect(answer(next.items)).toHaveLength(1)
  })

  it("reports a refused token once, rejects startChatAgent and does not reconnect", async () => {
    const { url } = await server()
    const { instance, events } = adapter({ url, token: "Bearer WRONG" })
    await expect(instance.startChatAgent()).rejects.toMatchObject({ code: "AUTHENTICATION_FAILED" })
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(ofType(events, "error").map((event) => event.error.code)).toEqual([
      "AUTHENTICATION_FAILED",
    ])
    const statuses = ofType(events, "connection-changed").map((event) => event.status)
    expect(statuses).not.toContain("reconnecting")
    expect(statuses.at(-1)).toBe("closed")
    await expect(instance.startChatAgent()).rejects.toMatchObject({ code: "AUTHENTICATION_FAILED" })
  })

  it("names an unknown tool", async () => {
    const { url } = await server()
    const { instance } = adapter({ url, tool: "nope" })
    await expect(instance.startChatAgent()).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: expect.stringMatching(/nope/),
    })
  })

  it("shares one connection between agents and closes it after the last one stops", async () => {
    const started = await server()
    const { instance, events } = adapter({ url: started.url })
    const first = await instance.startChatAgent()
    const second = await instance.startChatAgent()
    expect(first).not.toBe(second)
    const [a, b] = await Promise.all([
      instance.sendMessage(first, "hello"),
      instance.sendMessage(second, "hello"),
    ])
    expect(a.conversationId).toBe(first)
    expect(b.conversationId).toBe(second)
    expect(started.server.getStats().activeConnections).toBe(1)
    await instance.stopChatAgent(first)
    expect(instance.connectionStatus).toBe("open")
    await instance.stopChatAgent(second)
    expect(instance.connectionStatus).toBe("closed")
    expect(
      ofType(events, "connection-changed").filter((event) => event.status === "connecting"),
    ).toHaveLength(1)
    await expect(instance.sendMessage(first, "hello")).rejects.toMatchObject({
      code: "AGENT_NOT_RUNNING",
    })
  })

  it("clears the history here and gives the agent a fresh transaction", async () => {
    const { url } = await server()
    const { instance } = adapter({ url })
    const agentId = await instance.startChatAgent()
    await instance.sendMessage(agentId, "hello")
    await instance.clearConversationHistory(agentId)
    expect(await instance.getConversationItems(agentId)).toEqual([])
    const response = await instance.sendMessage(agentId, "hello")
    expect(response.conversationId).toBe(agentId)
    expect(await instance.getConversationItems(agentId)).toEqual(response.items)
  })

  it("carries 10,000 messages of one turn through flow control without a stall", async () => {
    const { url } = await server({
      rateLimit: 0,
      flowControl: { enabled: true, initialCreditMessages: 64, initialCreditBytes: 16 * 1024 },
    })
    const { instance } = adapter({
      url,
      tool: "script",
      flowControl: { initialCredits: 32, initialCreditBytes: 8 * 1024 },
    })
    const agentId = await instance.startChatAgent()
    const response = await instance.sendMessage(agentId, "count 10000")
    const texts = answer(response.items).map((item) =>
      item.type === "message" ? item.content : "",
    )
    expect(texts).toHaveLength(10_000)
    expect(texts.every((text, index) => text === String(index + 1))).toBe(true)
  }, 60_000)
})

describe("HAIPAdapter across drops", () => {
  it("resumes after the server side of the socket dies mid-stream: every part exactly once", async () => {
    const started = await server()
    const proxy = await startProxy(started.port)
    cleanups.push(() => proxy.close())
    const { instance, events } = adapter({ url: proxy.url, tool: "script" })
    const agentId = await instance.startChatAgent()
    let dropped = false
    instance.subscribe(agentId, (event) => {
      if (!dropped && event.type === "text-delta" && event.delta === "40 ") {
        dropped = true
        proxy.drop()
      }
    })
    const response = await instance.sendMessage(agentId, "paced 120")
    expect(dropped).toBe(true)
    const deltas = ofType(events, "text-delta").map((event) => event.delta)
    expect(deltas).toEqual(Array.from({ length: 120 }, (_, index) => `${index + 1} `))
    const [message] = answer(response.items)
    expect(message?.type === "message" && message.content).toBe(deltas.join(""))
    const statuses = ofType(events, "connection-changed").map((event) => event.status)
    expect(statuses).toEqual(["connecting", "open", "reconnecting", "open"])
    expect(
      ofType(events, "item-added").filter((event) => event.item.id === message?.id),
    ).toHaveLength(1)
    expect(ofType(events, "error")).toEqual([])
  })

  it("resumes a turn of several items (tool call with progress, message) dropped mid-way: item by item as without the drop", async () => {
    const turn = async (url: string, proxy?: { drop(): void }) => {
      const { instance, events } = adapter({ url })
      const agentId = await instance.startChatAgent()
      let dropped = false
      instance.subscribe(agentId, (event) => {
        if (proxy && !dropped && event.type === "item-updated") {
          dropped = true
          proxy.drop()
        }
      })
      const response = await instance.sendMessage(agentId, "what is the weather? use the tool")
      if (proxy) expect(dropped).toBe(true)
      await instance.close()
      return { response, events: events.filter((event) => "agentId" in event) }
    }
    const plain = await server({ tokenDelayMs: 3 })
    const reference = await turn(plain.url)
    const cut = await server({ tokenDelayMs: 3 })
    const proxy = await startProxy(cut.port)
    cleanups.push(() => proxy.close())
    const resumed = await turn(proxy.url, proxy)
    const shape = (items: ChatResponseItem[]) =>
      answer(items).map(({ timestamp: _timestamp, ...item }) => item)
    expect(shape(resumed.response.items)).toEqual(shape(reference.response.items))
    const perItem = (events: ChatEvent[]) =>
      events
        .map(
          (event) =>
            `${event.type}:${"itemId" in event ? event.itemId : event.type === "item-added" ? event.item.id : ""}`,
        )
        .filter((key) => !key.startsWith("run-"))
    expect(perItem(resumed.events).slice(2)).toEqual(perItem(reference.events).slice(2))
    expect(perItem(reference.events).length).toBeGreaterThan(10)
  })

  it("sends a message typed while the link is down once it is back", async () => {
    const started = await server()
    const proxy = await startProxy(started.port)
    cleanups.push(() => proxy.close())
    const { instance, events } = adapter({ url: proxy.url })
    const agentId = await instance.startChatAgent()
    proxy.drop()
    await waitFor(() => instance.connectionStatus === "reconnecting", "the drop to be noticed")
    const response = await instance.sendMessage(agentId, "hello")
    expect(answer(response.items)).toHaveLength(1)
    expect(ofType(events, "connection-changed").map((event) => event.status)).toEqual([
      "connecting",
      "open",
      "reconnecting",
      "open",
    ])
  })

  it("when the server restarted: RESUME_FAILED, the turn fails, the agent keeps its id and history and works again", async () => {
    const first = await startTestServer({ tokenDelayMs: 5 })
    const { instance, events } = adapter({ url: first.url })
    const agentId = await instance.startChatAgent()
    const earlier = await instance.sendMessage(agentId, "hello")
    const running = instance.sendMessage(agentId, "go slow")
    await waitFor(
      () => ofType(events, "text-delta").length > earlier.items.length + 3,
      "the slow turn to stream",
    )
    await first.close()
    const second = await startTestServer({}, first.port)
    cleanups.push(() => second.close())
    await expect(running).rejects.toMatchObject({ code: "RESUME_FAILED" })
    expect(
      ofType(events, "error")
        .filter((event) => event.agentId === agentId)
        .map((event) => event.error.code),
    ).toContain("RESUME_FAILED")
    expect((await instance.getConversationItems(agentId)).slice(0, earlier.items.length)).toEqual(
      earlier.items,
    )
    const again = await instance.sendMessage(agentId, "hello")
    expect(again.conversationId).toBe(agentId)
    expect(answer(again.items)).toHaveLength(1)
  })

  it("treats a silent server as dead (heartbeat), reconnects, and a turn works after it", async () => {
    const reference = await startReferenceServer()
    cleanups.push(() => reference.close())
    const { instance, events } = adapter({
      url: reference.url,
      tool: "llm",
      heartbeatIntervalMs: 200,
      turnIdleMs: 20,
    })
    const agentId = await instance.startChatAgent()
    reference.goSilent()
    await waitFor(
      () => ofType(events, "connection-changed").some((event) => event.status === "reconnecting"),
      "the dead link to be noticed",
    )
    await waitFor(() => instance.connectionStatus === "open", "the reconnect")
    const response = await instance.sendMessage(agentId, "ahoy")
    expect(answer(response.items).map((item) => item.type === "message" && item.content)).toEqual([
      "Arr: ahoy",
    ])
    // A loaded machine may also pause long enough for an early reconnect before the silence:
    // what must hold is that the silence is noticed and the link comes back.
    const statuses = ofType(events, "connection-changed").map((event) => event.status)
    expect(statuses.slice(0, 2)).toEqual(["connecting", "open"])
    expect(statuses.slice(-2)).toEqual(["reconnecting", "open"])
  })
})

describe("HAIPAdapter against a reference-style server (no run events)", () => {
  it("ends the turn after a whole answer and the idle window", async () => {
    const reference = await startReferenceServer((text) => [`Arr, ${text}!`, "Anything else?"])
    cleanups.push(() => reference.close())
    const { instance, events } = adapter({ url: reference.url, tool: "llm", turnIdleMs: 50 })
    const agentId = await instance.startChatAgent()
    const response = await instance.sendMessage(agentId, "ahoy")
    expect(answer(response.items).map((item) => item.type === "message" && item.content)).toEqual([
      "Arr, ahoy!",
      "Anything else?",
    ])
    expect(ofType(events, "run-finished")).toHaveLength(1)
    const hai = reference.received.find((frame) => frame.type === "HAI")
    expect(hai?.payload).toMatchObject({ auth: { token: "Bearer TOKEN" } })
    expect(reference.received.find((frame) => frame.type === "MESSAGE")).toMatchObject({
      channel: "USER",
      payload: "ahoy",
      transaction: agentId,
    })
  })

  it("after a drop, starts over at once with a server that cannot resume, reopening the transaction", async () => {
    const reference = await startReferenceServer()
    cleanups.push(() => reference.close())
    const { instance, events } = adapter({ url: reference.url, tool: "llm", turnIdleMs: 20 })
    const agentId = await instance.startChatAgent()
    reference.dropAll()
    await waitFor(
      () => ofType(events, "error").some((event) => event.error.code === "RESUME_FAILED"),
      "the reset",
    )
    const response = await instance.sendMessage(agentId, "ahoy")
    expect(answer(response.items).map((item) => item.type === "message" && item.content)).toEqual([
      "Arr: ahoy",
    ])
    expect(reference.received.filter((frame) => frame.type === "TRANSACTION_START")).toHaveLength(2)
  })

  it("fails a turn the server never answers with TIMEOUT after turnTimeoutMs of silence", async () => {
    const reference = await startReferenceServer(() => [])
    cleanups.push(() => reference.close())
    const { instance, events } = adapter({ url: reference.url, tool: "llm", turnTimeoutMs: 100 })
    const agentId = await instance.startChatAgent()
    await expect(instance.sendMessage(agentId, "anyone?")).rejects.toMatchObject({
      code: "TIMEOUT",
    })
    expect(ofType(events, "run-finished").at(-1)).toMatchObject({
      status: "error",
      error: { code: "TIMEOUT" },
    })
  })

  it("takes the reference's FAILED_AUTH as AUTHENTICATION_FAILED", async () => {
    const reference = await startReferenceServer()
    cleanups.push(() => reference.close())
    const { instance, events } = adapter({ url: reference.url, tool: "llm", token: "nope" })
    await expect(instance.startChatAgent()).rejects.toMatchObject({ code: "AUTHENTICATION_FAILED" })
    expect(ofType(events, "error").map((event) => event.error.code)).toEqual([
      "AUTHENTICATION_FAILED",
    ])
  })

  it("takes a message streamed without message_id (the seed guide's form) as one item", async () => {
    const reference = await startReferenceServer(() => [
      new FrameReply("MESSAGE_START", { author: "assistant", text: "Ahoy" }),
      new FrameReply("MESSAGE_PART", { text: ", matey" }),
      new FrameReply("MESSAGE_END", {}),
    ])
    cleanups.push(() => reference.close())
    const { instance, events } = adapter({ url: reference.url, tool: "llm", turnIdleMs: 20 })
    const warnings: string[] = []
    instance.client.on("warning", (warning) => warnings.push(warning.message))
    const agentId = await instance.startChatAgent()
    const response = await instance.sendMessage(agentId, "hi")
    expect(answer(response.items).map((item) => item.type === "message" && item.content)).toEqual([
      "Ahoy, matey",
    ])
    expect(ofType(events, "error")).toEqual([])
    expect(warnings).toHaveLength(1)
  })

  it("reports garbage frames as protocol errors and keeps working", async () => {
    const reference = await startReferenceServer()
    cleanups.push(() => reference.close())
    const { instance, events } = adapter({ url: reference.url, tool: "llm", turnIdleMs: 20 })
    const agentId = await instance.startChatAgent()
    reference.broadcast("{not json")
    reference.broadcast(JSON.stringify({ id: "x", type: "TELEPORT" }))
    reference.broadcast(JSON.stringify([1, 2, 3]))
    await waitFor(() => ofType(events, "error").length >= 3, "three errors")
    expect(ofType(events, "error").map((event) => event.error.code)).toEqual([
      "PROTOCOL_ERROR",
      "PROTOCOL_ERROR",
      "PROTOCOL_ERROR",
    ])
    const response = await instance.sendMessage(agentId, "still there?")
    expect(answer(response.items)).toHaveLength(1)
  })
})
