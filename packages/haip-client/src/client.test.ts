// Over 300 lines: the seed's API over each handshake order and each transport against a real server, one describe per concern.
import {
  startProxy,
  startTestServer,
  type TestProxy,
  type TestServer,
  waitFor,
} from "@aichatkit/haip-server/testing"
import { afterEach, describe, expect, it } from "vitest"
import { createHAIPClient, HAIPClientImpl } from "./client.js"
import type { HAIPError } from "./errors.js"
import type { HAIPClientConfig, HAIPMessage } from "./types.js"

const cleanups: (() => Promise<unknown> | unknown)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function serve(options: Parameters<typeof startTestServer>[0] = {}): Promise<TestServer> {
  const server = await startTestServer(options)
  cleanups.push(() => server.close())
  return server
}

function client(config: HAIPClientConfig): HAIPClientImpl {
  const instance = createHAIPClient({ heartbeatInterval: 0, reconnectDelay: 20, ...config })
  cleanups.push(() => instance.disconnect())
  return instance
}

function record(instance: HAIPClientImpl) {
  const messages: HAIPMessage[] = []
  const errors: HAIPError[] = []
  const events: string[] = []
  instance.on("message", (message) => messages.push(message))
  instance.on("error", (error) => errors.push(error))
  for (const name of [
    "connect",
    "handshake",
    "disconnect",
    "reconnecting",
    "resumed",
    "sessionReset",
  ] as const) {
    instance.on(name, () => events.push(name))
  }
  return { messages, errors, events }
}

const agentTexts = (messages: HAIPMessage[]) =>
  messages
    .filter((message) => message.type === "MESSAGE" && message.channel === "AGENT")
    .map((message) => message.payload)

describe.each(["server-first", "client-first"] as const)("handshake %s", (handshake) => {
  it("connects, learns the session and the server's capabilities, and disconnects", async () => {
    const { url } = await serve({ handshake })
    const instance = client({ url, token: "Bearer TOKEN" })
    const { events } = record(instance)
    await instance.connect()
    expect(instance.isConnected()).toBe(true)
    const state = instance.getConnectionState()
    expect(state.handshakeCompleted).toBe(true)
    expect(state.sessionId).toMatch(/[0-9a-f-]{36}/)
    expect(instance.serverInfo).toMatchObject({
      resume: true,
      runEvents: true,
      haipVersion: "1.1.2",
    })
    expect(state.credits.get("USER")).toBe(1000)
    await instance.disconnect()
    expect(instance.isConnected()).toBe(false)
    expect(events).toEqual(["connect", "handshake", "disconnect"])
  })

  it("runs a transaction: whole and streamed answers arrive on the transaction", async () => {
    const { url } = await serve({ handshake })
    const instance = client({ url })
    instance.authenticate(() => ({ token: "Bearer TOKEN" }))
    await instance.connect()
    const transaction = await instance.startTransaction("script")
    const frames: HAIPMessage[] = []
    transaction.on("message", (message) => frames.push(message))
    await transaction.sendTextMessage("whole")
    await waitFor(
      () => frames.some((frame) => frame.type === "RUN_FINISHED"),
      "the first run to finish",
    )
    expect(agentTexts(frames)).toEqual(["a whole answer"])
    await transaction.sendTextMessage("stream 3")
    await waitFor(
      () => frames.filter((frame) => frame.type === "RUN_FINISHED").length === 2,
      "the second run",
    )
    const parts = frames
      .filter((frame) => frame.type === "MESSAGE_PART")
      .map((frame) => frame.payload.text)
    expect(parts).toEqual(["1 ", "2 ", "3 "])
    expect(frames.map((frame) => frame.type)).toContain("MESSAGE_END")
    expect(frames.every((frame) => frame.transaction === transaction.id)).toBe(true)
    await transaction.close()
    expect(transaction.closed).toBe(true)
  })
})

describe("auth and errors", () => {
  it("reports a refused token once as AUTHENTICATION_FAILED and never reconnects", async () => {
    const { url } = await serve()
    const instance = client({ url, token: "Bearer WRONG" })
    const { errors, events } = record(instance)
    const started = instance.connect().then(() => instance.startTransaction("script"))
    await expect(started).rejects.toMatchObject({ code: "AUTHENTICATION_FAILED" })
    await waitFor(() => instance.phase === "closed", "the client to close")
    expect(errors.filter((error) => error.code === "AUTHENTICATION_FAILED")).toHaveLength(1)
    expect(errors[0]?.message).toMatch(/^AUTHENTICATION_FAILED: .*check the token/)
    expect(events).not.toContain("reconnecting")
  })

  it("rejects a transaction for an unknown tool with TOOL_NOT_FOUND", async () => {
    const { url } = await serve()
    const instance = client({ url, token: "Bearer TOKEN" })
    await instance.connect()
    await expect(instance.startTransaction("nope")).rejects.toMatchObject({
      code: "TOOL_NOT_FOUND",
    })
    expect(instance.isConnected()).toBe(true)
  })

  it("fails to connect to a port nobody listens on with CONNECTION_FAILED", async () => {
    const { port, close } = await startTestServer()
    await close()
    const instance = client({ url: `ws://127.0.0.1:${port}`, token: "Bearer TOKEN" })
    const { errors } = record(instance)
    await expect(instance.connect()).rejects.toMatchObject({ code: "CONNECTION_FAILED" })
    expect(errors[0]?.message).toMatch(/CONNECTION_FAILED/)
  })
})

describe.each(["websocket", "http-streaming", "sse"] as const)(
  "the seed's methods over %s",
  (transport) => {
    it("sends runs, messages, tools, flow, channel and replay frames the server receives", async () => {
      const { url: wsUrl, httpUrl } = await serve()
      const instance = client({
        url: transport === "websocket" ? wsUrl : httpUrl,
        token: "Bearer TOKEN",
        transport,
      })
      const { messages, errors } = record(instance)
      await instance.connect()
      // The spec's flow outside any transaction, as the seed SDK reference shows it: our server
      // runs it in its only tool, answering in the client's run.
      const runId = await instance.startRun("thread-1", { source: "test" })
      expect(instance.getActiveRuns().map((run) => run.runId)).toEqual([runId])
      expect(instance.getRun(runId)).toMatchObject({ threadId: "thread-1", status: "ACTIVE" })
      const messageId = await instance.sendTextMessage("USER", "count 2", "john", runId)
      await waitFor(
        () =>
          messages.some((message) => message.type === "RUN_FINISHED" && message.run_id === runId),
        "the answer in the client's run",
      )
      expect(
        messages
          .filter((message) => message.type === "MESSAGE" && message.run_id === runId)
          .map((message) => [message.channel, message.payload]),
      ).toEqual([
        ["AGENT", "1"],
        ["AGENT", "2"],
      ])
      const callId = await instance.callTool("USER", "weather", { city: "Oslo" }, runId)
      await instance.updateTool("USER", callId, "RUNNING", 50, undefined, runId)
      await instance.completeTool("USER", callId, "OK", { temperature: 21 }, runId)
      const audio = new Uint8Array([1, 2, 3]).buffer
      await instance.sendAudioChunk("AUDIO_IN", "audio-1", "audio/wav", audio, 10, runId)
      await instance.finishRun(runId, "OK", "done")
      expect(instance.getActiveRuns()).toEqual([])
      expect(instance.getRun(runId)).toMatchObject({ status: "OK", summary: "done" })
      // Audio outside any run gets a clear ERROR naming it, not silence.
      await instance.sendAudioChunk("AUDIO_IN", "audio-2", "audio/wav", audio)
      const refused = await waitFor(
        () => errors.find((error) => error.code === "PROTOCOL_VIOLATION"),
        "the server to refuse audio outside a run",
      )
      expect(refused.message).toMatch(/AUDIO_CHUNK|audio/i)
      expect(messageId).toMatch(/[0-9a-f-]{36}/)
      // Allowed outside a transaction: no error, and the connection stays healthy.
      await instance.sendFlowUpdate("AGENT", 10, 1000)
      await instance.cancelRun(runId)
      await instance.cancelTool("USER", callId, "no longer needed")
      const transaction = await instance.startTransaction("script")
      expect(instance.getTransactions()).toHaveLength(1)
      const ofTransaction = () =>
        messages.filter((message) => message.transaction === transaction.id)
      await instance.pauseChannel("AGENT")
      await transaction.sendTextMessage("count 3")
      await waitFor(
        () => ofTransaction().some((message) => message.type === "RUN_STARTED"),
        "the run to start while AGENT is paused",
      )
      const beforeResume = agentTexts(ofTransaction()).length
      await instance.resumeChannel("AGENT")
      await waitFor(() => agentTexts(ofTransaction()).length === 3, "the paused messages")
      expect(beforeResume).toBe(0)
      expect(agentTexts(ofTransaction())).toEqual(["1", "2", "3"])
      // A replay of everything so far is dropped as duplicates: nothing arrives twice.
      const received = instance.getPerformanceMetrics().messagesReceived
      await instance.requestReplay("1")
      await waitFor(
        () => instance.getPerformanceMetrics().messagesReceived > received + 5,
        "the replayed frames",
      )
      expect(agentTexts(ofTransaction())).toEqual(["1", "2", "3"])
      const metrics = instance.getPerformanceMetrics()
      expect(metrics.messagesSent).toBeGreaterThan(10)
      expect(metrics.bytesReceived).toBeGreaterThan(0)
      expect(errors.map((error) => error.code)).toEqual(["PROTOCOL_VIOLATION"])
    })

    it("runs transactions with streamed text, tool calls and cards", async () => {
      const { url: wsUrl, httpUrl } = await serve()
      const instance = client({
        url: transport === "websocket" ? wsUrl : httpUrl,
        token: "Bearer TOKEN",
        transport,
      })
      await instance.connect()
      const transaction = await instance.startTransaction("script")
      const frames: HAIPMessage[] = []
      transaction.on("message", (message) => frames.push(message))
      for (const [index, text] of ["stream 2", "tool", "card"].entries()) {
        await transaction.sendTextMessage(text)
        await waitFor(
          () => frames.filter((frame) => frame.type === "RUN_FINISHED").length === index + 1,
          `turn ${text}`,
        )
      }
      expect(
        frames.filter((frame) => frame.type === "MESSAGE_PART").map((frame) => frame.payload.text),
      ).toEqual(["1 ", "2 "])
      expect(frames.find((frame) => frame.type === "TOOL_UPDATE")?.payload).toMatchObject({
        status: "RUNNING",
        progress: 50,
      })
      expect(frames.find((frame) => frame.type === "TOOL_DONE")?.payload).toMatchObject({
        status: "OK",
        result: { temperature: 21 },
      })
      expect(
        frames.find((frame) => frame.type === "MESSAGE" && frame.payload?.type === "card")?.payload
          .card,
      ).toMatchObject({ id: "card-1" })
      await transaction.close()
      await instance.disconnect()
    })

    it("refuses more runs than maxConcurrentRuns", async () => {
      const { url } = await serve()
      const instance = client({ url, token: "Bearer TOKEN", maxConcurrentRuns: 1 })
      await instance.connect()
      await instance.startRun()
      await expect(instance.startRun()).rejects.toMatchObject({ code: "RUN_LIMIT_EXCEEDED" })
    })

    it("refuses to send before connect", async () => {
      const instance = new HAIPClientImpl({ url: "ws://127.0.0.1:1" })
      await expect(instance.sendTextMessage("USER", "hi")).rejects.toMatchObject({
        code: "NOT_CONNECTED",
      })
    })
  },
)

describe.each(["websocket", "http-streaming", "sse"] as const)(
  "flow control over %s",
  (transport) => {
    it("streams 10,000 messages on one channel each way without a stall", async () => {
      const { url: wsUrl, httpUrl } = await serve({
        rateLimit: 0,
        flowControl: { enabled: true, initialCreditMessages: 100, initialCreditBytes: 64 * 1024 },
      })
      const instance = client({
        url: transport === "websocket" ? wsUrl : httpUrl,
        transport,
        token: "Bearer TOKEN",
        flowControl: { initialCredits: 50, initialCreditBytes: 32 * 1024 },
      })
      const { messages, errors } = record(instance)
      await instance.connect()
      const transaction = await instance.startTransaction("script")
      await transaction.sendTextMessage("count 10000")
      await waitFor(
        () => messages.some((message) => message.type === "RUN_FINISHED"),
        "10,000 messages",
        30_000,
      )
      const texts = agentTexts(messages)
      expect(texts).toHaveLength(10_000)
      expect(texts.every((text, index) => text === String(index + 1))).toBe(true)
      // And the other way: 10,000 parts of one message through the server's 100-message window.
      const messageId = "upload"
      await transaction.sendMessage({
        type: "MESSAGE_START",
        channel: "USER",
        payload: { message_id: messageId, text: "" },
      })
      for (let index = 0; index < 10_000; index++) {
        await transaction.sendMessage({
          type: "MESSAGE_PART",
          channel: "USER",
          payload: { message_id: messageId, text: "x" },
        })
      }
      await transaction.sendMessage({
        type: "MESSAGE_END",
        channel: "USER",
        payload: { message_id: messageId },
      })
      await waitFor(() => agentTexts(messages).length === 10_001, "the echo of the upload", 30_000)
      expect(agentTexts(messages).at(-1)).toBe(`echo: ${"x".repeat(10_000)}`)
      expect(errors).toEqual([])
      expect(instance.getConnectionState().credits.get("USER")).toBeGreaterThan(0)
    }, 60_000)
  },
)

describe("reconnect and resume", () => {
  let proxy: TestProxy

  it("resumes after the link drops mid-stream: every part exactly once, in order", async () => {
    const { port } = await serve()
    proxy = await startProxy(port)
    cleanups.push(() => proxy.close())
    const instance = client({ url: proxy.url, token: "Bearer TOKEN" })
    const { messages, events } = record(instance)
    await instance.connect()
    const session = instance.sessionId
    const transaction = await instance.startTransaction("script")
    await transaction.sendTextMessage("paced 150")
    await waitFor(
      () => messages.filter((message) => message.type === "MESSAGE_PART").length >= 30,
      "30 parts",
    )
    proxy.drop()
    await waitFor(
      () => messages.some((message) => message.type === "RUN_FINISHED"),
      "the run to finish after the resume",
    )
    const parts = messages
      .filter((message) => message.type === "MESSAGE_PART")
      .map((message) => message.payload.text)
    expect(parts).toEqual(Array.from({ length: 150 }, (_, index) => `${index + 1} `))
    expect(events).toContain("resumed")
    expect(events).not.toContain("sessionReset")
    expect(instance.sessionId).toBe(session)
    expect(transaction.closed).toBe(false)
  })

  it("gives up after maxReconnectAttempts with CONNECTION_FAILED and closes the transactions", async () => {
    const started = await startTestServer()
    const instance = client({ url: started.url, token: "Bearer TOKEN", maxReconnectAttempts: 2 })
    const { events, errors } = record(instance)
    await instance.connect()
    const transaction = await instance.startTransaction("script")
    await started.close()
    await waitFor(() => instance.phase === "closed", "the client to give up")
    expect(events.filter((event) => event === "reconnecting")).toHaveLength(2)
    expect(errors.at(-1)?.message).toMatch(
      /^CONNECTION_FAILED: Could not reconnect .* after 2 attempts/,
    )
    expect(transaction.closed).toBe(true)
    await expect(instance.sendTextMessage("USER", "hi")).rejects.toMatchObject({
      code: "NOT_CONNECTED",
    })
  })

  it("starts a new session when the server restarted, closing the old transactions", async () => {
    const first = await startTestServer()
    const instance = client({ url: first.url, token: "Bearer TOKEN" })
    const { events, errors } = record(instance)
    await instance.connect()
    const session = instance.sessionId
    const transaction = await instance.startTransaction("script")
    await first.close()
    const second = await startTestServer({}, first.port)
    cleanups.push(() => second.close())
    await waitFor(() => events.includes("sessionReset"), "the session reset")
    expect(transaction.closed).toBe(true)
    expect(instance.sessionId).not.toBe(session)
    expect(errors.map((error) => error.code)).toContain("RESUME_FAILED")
    const again = await instance.startTransaction("script")
    expect(again.id).not.toBe(transaction.id)
  })
})
