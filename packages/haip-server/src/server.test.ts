import { afterEach, describe, expect, it } from "vitest"
import { HAIPServer, type HAIPServerOptions } from "./server.js"
import { RawClient } from "./testdata/raw-client.js"
import { ScriptTool } from "./testdata/tools.js"

const servers: HAIPServer[] = []
const clients: RawClient[] = []

afterEach(async () => {
  for (const client of clients.splice(0)) client.kill()
  await Promise.all(servers.splice(0).map((server) => server.stop()))
})

async function startServer(options: HAIPServerOptions = {}): Promise<HAIPServer> {
  const server = new HAIPServer({ port: 0, host: "127.0.0.1", ...options })
  server.registerTool(new ScriptTool())
  await server.start()
  servers.push(server)
  return server
}

async function connect(server: HAIPServer, path = "/", options = {}): Promise<RawClient> {
  const client = await RawClient.connect(`${server.url}${path}`, options)
  clients.push(client)
  return client
}

describe("handshake", () => {
  it("sends its HAI on connect, then accepts the client's (server first, the reference's order)", async () => {
    const server = await startServer()
    const client = await connect(server)
    const hai = await client.waitForType("HAI")
    expect(hai.payload).toMatchObject({
      haip_version: "1.1.2",
      accept_major: [1],
      capabilities: {
        resume: true,
        run_events: true,
        flow_control: { initial_credit_messages: 1000 },
      },
    })
    expect(hai.payload.session).toBe(hai.session)
    expect(hai.transaction).toBe("null")
    client.send({
      type: "HAI",
      channel: "SYSTEM",
      payload: { haip_version: "1.1.2", accept_major: [1] },
    })
    const transaction = await client.startTransaction("script")
    expect(transaction).toMatch(/[0-9a-f-]{36}/)
    expect(client.frames.filter((frame) => frame.type === "HAI")).toHaveLength(1)
  })

  it("waits for the client's HAI and answers it (client first, the spec's order)", async () => {
    const server = await startServer({ handshake: "client-first" })
    const client = await connect(server)
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(client.frames).toHaveLength(0)
    const hai = await client.hello()
    expect(hai.payload.session).toEqual(expect.any(String))
    await client.startTransaction("script")
  })

  it("keeps frames sent before the HAI and handles them after the handshake (not NOT HAI)", async () => {
    const server = await startServer()
    const client = await connect(server)
    client.send({ type: "PING", channel: "SYSTEM", payload: { nonce: "early" } })
    await client.hello()
    const pong = await client.waitForType("PONG")
    expect(pong.payload.nonce).toBe("early")
    expect(client.typesSince(0)).not.toContain("ERROR:PROTOCOL_VIOLATION")
  })

  it("closes 1008 a connection whose HAI never comes, after handshakeTimeoutMs", async () => {
    const server = await startServer({ handshakeTimeoutMs: 100 })
    const client = await connect(server)
    client.send({ type: "PING", channel: "SYSTEM", payload: { nonce: "n" } })
    const error = await client.waitForType("ERROR")
    expect(error.payload.code).toBe("PROTOCOL_VIOLATION")
    expect(error.payload.message).toContain("No HAI")
    expect((await client.closed).code).toBe(1008)
  })
})

describe("auth", () => {
  it("passes the HAI's payload.auth to authenticate and accepts the user it returns", async () => {
    const server = await startServer()
    const seen: unknown[] = []
    server.authenticate((request) => {
      seen.push(request)
      return request.token === "Bearer TOKEN" ? { id: "user123" } : null
    })
    const client = await connect(server)
    await client.hello({ auth: { token: "Bearer TOKEN" } })
    await client.startTransaction("script")
    expect(seen).toEqual([{ token: "Bearer TOKEN" }])
  })

  it("refuses a wrong token with AUTHENTICATION_FAILED and closes 1008", async () => {
    const server = await startServer()
    server.authenticate((request) => (request.token === "Bearer TOKEN" ? { id: "u" } : null))
    const client = await connect(server)
    client.send({ type: "HAI", channel: "SYSTEM", payload: { auth: { token: "Bearer WRONG" } } })
    const error = await client.waitForType("ERROR")
    expect(error.payload.code).toBe("AUTHENTICATION_FAILED")
    expect((await client.closed).code).toBe(1008)
  })

  it("takes the token from ?token= and from a haip.bearer subprotocol", async () => {
    const server = await startServer()
    server.authenticate((request) => (request.token === "secret" ? { id: "u" } : null))
    const byQuery = await connect(server, "/?token=secret")
    await byQuery.hello()
    await byQuery.startTransaction("script")
    const byProtocol = await connect(server, "/", { protocols: ["haip", "haip.bearer.secret"] })
    expect(byProtocol.socket.protocol).toBe("haip")
    await byProtocol.hello()
    await byProtocol.startTransaction("script")
  })
})

describe("transactions and turns", () => {
  async function ready(options: HAIPServerOptions = {}) {
    const server = await startServer(options)
    const client = await connect(server)
    await client.hello()
    const transaction = await client.startTransaction("script")
    return { server, client, transaction }
  }

  it("answers TRANSACTION_START for an unknown tool with TOOL_NOT_FOUND", async () => {
    const server = await startServer()
    const client = await connect(server)
    await client.hello()
    await expect(client.startTransaction("nope")).rejects.toThrow(/TOOL_NOT_FOUND.*script/)
  })

  it("refuses MESSAGE in a transaction that is not open with TRANSACTION_NOT_FOUND and stays open", async () => {
    const { client } = await ready()
    const sent = client.send({ type: "MESSAGE", transaction: "never-opened", payload: "hi" })
    const error = await client.waitForType("ERROR")
    expect(error.payload).toMatchObject({ code: "TRANSACTION_NOT_FOUND", related_id: sent.id })
    client.send({ type: "PING", channel: "SYSTEM", payload: { nonce: "still-open" } })
    const pong = await client.waitForType("PONG")
    expect(pong.payload.nonce).toBe("still-open")
  })

  it("answers a MESSAGE with a whole MESSAGE inside RUN_STARTED / RUN_FINISHED", async () => {
    const { client, transaction } = await ready()
    const from = client.mark()
    client.send({ type: "MESSAGE", transaction, payload: "hello" })
    const finished = await client.waitForType("RUN_FINISHED", from)
    expect(finished.payload.status).toBe("OK")
    expect(client.typesSince(from, transaction)).toEqual(["RUN_STARTED", "MESSAGE", "RUN_FINISHED"])
    const answer = client.frames.slice(from).find((frame) => frame.type === "MESSAGE")!
    expect(answer).toMatchObject({
      channel: "AGENT",
      payload: "echo: hello",
      run_id: finished.run_id,
    })
    expect(Object.keys(answer).slice(0, 8)).toEqual([
      "id",
      "transaction",
      "session",
      "seq",
      "ack",
      "ts",
      "channel",
      "type",
    ])
  })

  it("streams text as MESSAGE_START, MESSAGE_PART..., MESSAGE_END", async () => {
    const { client, transaction } = await ready()
    const from = client.mark()
    client.send({ type: "MESSAGE", transaction, payload: "stream please" })
    await client.waitForType("RUN_FINISHED", from)
    expect(client.typesSince(from, transaction)).toEqual([
      "RUN_STARTED",
      "MESSAGE_START",
      "MESSAGE_PART",
      "MESSAGE_PART",
      "MESSAGE_PART",
      "MESSAGE_END",
      "RUN_FINISHED",
    ])
    const parts = client.frames.filter((frame) => frame.type === "MESSAGE_PART")
    expect(parts.map((frame) => frame.payload.text).join("")).toBe("Hello, world")
  })

  it("sends tool calls with progress and a result", async () => {
    const { client, transaction } = await ready()
    const from = client.mark()
    client.send({ type: "MESSAGE", transaction, payload: "tool" })
    await client.waitForType("RUN_FINISHED", from)
    expect(client.typesSince(from, transaction)).toEqual([
      "RUN_STARTED",
      "TOOL_CALL",
      "TOOL_UPDATE",
      "TOOL_DONE",
      "MESSAGE",
      "RUN_FINISHED",
    ])
    const frames = client.frames.slice(from)
    const call = frames.find((frame) => frame.type === "TOOL_CALL")!
    expect(call.payload).toMatchObject({ tool: "weather", params: { city: "Oslo" } })
    expect(frames.find((frame) => frame.type === "TOOL_UPDATE")!.payload).toMatchObject({
      call_id: call.payload.call_id,
      status: "RUNNING",
      progress: 50,
    })
    expect(frames.find((frame) => frame.type === "TOOL_DONE")!.payload).toMatchObject({
      status: "OK",
      result: { temperature: 21 },
    })
  })

  it("sends a card as a MESSAGE whose payload is { type: 'card', card }", async () => {
    const { client, transaction } = await ready()
    const from = client.mark()
    client.send({ type: "MESSAGE", transaction, payload: "card" })
    await client.waitForType("RUN_FINISHED", from)
    const card = client.frames.slice(from).find((frame) => frame.type === "MESSAGE")!
    expect(card.payload).toEqual({
      type: "card",
      card: expect.objectContaining({
        id: "card-1",
        type: "weather",
        actions: [expect.objectContaining({ type: "button" })],
      }),
    })
  })

  it("turns a failing handler into ERROR TOOL_EXECUTION_ERROR and RUN_FINISHED ERROR", async () => {
    const { client, transaction } = await ready()
    const from = client.mark()
    client.send({ type: "MESSAGE", transaction, payload: "fail" })
    const finished = await client.waitForType("RUN_FINISHED", from)
    expect(finished.payload.status).toBe("ERROR")
    const error = client.frames.slice(from).find((frame) => frame.type === "ERROR")!
    expect(error.payload.code).toBe("TOOL_EXECUTION_ERROR")
    expect(error.payload.message).toContain("the weather service is down")
  })

  it("cancels a run on RUN_CANCEL: the handler's signal aborts and RUN_FINISHED says CANCELLED", async () => {
    const { client, transaction } = await ready()
    const from = client.mark()
    client.send({ type: "MESSAGE", transaction, payload: "slow" })
    const started = await client.waitForType("RUN_STARTED", from)
    await client.waitForType("MESSAGE_PART", from)
    client.send({
      type: "RUN_CANCEL",
      channel: "SYSTEM",
      transaction,
      run_id: started.run_id!,
      payload: {},
    })
    const finished = await client.waitForType("RUN_FINISHED", from)
    expect(finished.payload.status).toBe("CANCELLED")
    const types = client.typesSince(from, transaction)
    expect(types.at(-2)).toBe("MESSAGE_END")
    expect(types.filter((type) => type === "MESSAGE_PART").length).toBeLessThan(1000)
  })

  it.each([
    [
      "gives the tool the transaction's history through getReplayWindow()",
      "first",
      "USER: first\nAGENT: echo: first",
    ],
    [
      "keeps a streamed answer in the history as one whole MESSAGE",
      "stream",
      "USER: stream\nAGENT: Hello, world",
    ],
  ])("%s", async (_name, first, history) => {
    const { client, transaction } = await ready()
    client.send({ type: "MESSAGE", transaction, payload: first })
    await client.waitFor((frame) => frame.type === "RUN_FINISHED")
    const from = client.mark()
    client.send({ type: "MESSAGE", transaction, payload: "history" })
    await client.waitForType("RUN_FINISHED", from)
    const answer = client.frames.slice(from).find((frame) => frame.type === "MESSAGE")!
    expect(answer.payload).toBe(history)
  })

  it("numbers its frames 1, 2, 3... per session and acks the client's seq", async () => {
    const { client, transaction } = await ready()
    client.send({ type: "MESSAGE", transaction, payload: "stream" })
    await client.waitForType("RUN_FINISHED")
    const seqs = client.frames
      .filter((frame) => frame.type !== "HAI")
      .map((frame) => Number(frame.seq))
    expect(seqs).toEqual(seqs.map((_, index) => index + 1))
    expect(client.frames.at(-1)!.ack).toBe("3")
  })

  it("cancels one tool call on TOOL_CANCEL: CANCELLING, then the tool's TOOL_DONE CANCELLED", async () => {
    const { client, transaction } = await ready()
    client.send({ type: "MESSAGE", transaction, payload: "longcall" })
    const call = await client.waitForType("TOOL_CALL")
    client.send({ type: "TOOL_CANCEL", transaction, payload: { call_id: call.payload.call_id } })
    const finished = await client.waitForType("RUN_FINISHED")
    expect(finished.payload.status).toBe("OK")
    expect(client.typesSince(0, transaction)).toEqual([
      "TRANSACTION_START",
      "RUN_STARTED",
      "TOOL_CALL",
      "TOOL_UPDATE",
      "TOOL_DONE",
      "MESSAGE",
      "RUN_FINISHED",
    ])
    expect(client.frames.find((frame) => frame.type === "TOOL_UPDATE")!.payload.status).toBe(
      "CANCELLING",
    )
    expect(client.frames.find((frame) => frame.type === "TOOL_DONE")!.payload.status).toBe(
      "CANCELLED",
    )
  })

  it("ends a transaction on TRANSACTION_END: its runs are cancelled and later frames refused", async () => {
    const { client, transaction } = await ready()
    client.send({ type: "MESSAGE", transaction, payload: "slow" })
    await client.waitForType("MESSAGE_PART")
    client.send({ type: "TRANSACTION_END", channel: "SYSTEM", transaction, payload: {} })
    const finished = await client.waitForType("RUN_FINISHED")
    expect(finished.payload.status).toBe("CANCELLED")
    await client.waitForType("TRANSACTION_END")
    client.send({ type: "MESSAGE", transaction, payload: "anyone?" })
    const error = await client.waitForType("ERROR")
    expect(error.payload.code).toBe("TRANSACTION_NOT_FOUND")
  })

  it("refuses runs beyond maxConcurrentRuns with RUN_LIMIT_EXCEEDED", async () => {
    const { client, transaction } = await ready({ maxConcurrentRuns: 1 })
    client.send({ type: "MESSAGE", transaction, payload: "slow" })
    client.send({ type: "MESSAGE", transaction, payload: "another" })
    const error = await client.waitForType("ERROR")
    expect(error.payload.code).toBe("RUN_LIMIT_EXCEEDED")
    expect(error.payload.message).toMatch(/limit is 1/)
  })

  it("drops a tool frame that is not JSON with an ERROR, and goes on", async () => {
    const { client, transaction } = await ready()
    client.send({ type: "MESSAGE", transaction, payload: "bigint" })
    const finished = await client.waitForType("RUN_FINISHED")
    expect(finished.payload.status).toBe("OK")
    const error = client.frames.find((frame) => frame.type === "ERROR")!
    expect(error.payload).toMatchObject({ code: "TOOL_EXECUTION_ERROR" })
    expect(error.payload.message).toMatch(/not JSON/)
    expect(client.frames.find((frame) => frame.type === "MESSAGE")!.payload).toBe(
      "after the bad frame",
    )
  })

  it("refuses a MESSAGE that is not text for a text tool with PROTOCOL_VIOLATION", async () => {
    const { client, transaction } = await ready()
    client.send({ type: "MESSAGE", transaction, payload: { text: "hi" } })
    const error = await client.waitForType("ERROR")
    expect(error.payload.code).toBe("PROTOCOL_VIOLATION")
  })
})

describe("tool discovery", () => {
  it("answers TOOL_LIST and TOOL_SCHEMA outside a transaction", async () => {
    const server = await startServer()
    const client = await connect(server)
    await client.hello()
    const list = client.send({ type: "TOOL_LIST", channel: "SYSTEM", payload: {} })
    const tools = await client.waitForType("TOOL_LIST")
    expect(tools).toMatchObject({
      related_id: list.id,
      payload: { tools: [{ name: "script", description: "Test tool" }] },
    })
    client.send({ type: "TOOL_SCHEMA", channel: "SYSTEM", payload: { tool: "script" } })
    const schema = await client.waitForType("TOOL_SCHEMA")
    expect(schema.payload).toMatchObject({
      tool: "script",
      schema: { inputSchema: { type: "string" } },
    })
    client.send({ type: "TOOL_SCHEMA", channel: "SYSTEM", payload: { tool: "nope" } })
    expect((await client.waitForType("ERROR")).payload.code).toBe("TOOL_NOT_FOUND")
  })
})

describe("handshake limits", () => {
  it("refuses a client that accepts no HAIP 1.x with VERSION_INCOMPATIBLE", async () => {
    const server = await startServer()
    const client = await connect(server)
    client.send({ type: "HAI", channel: "SYSTEM", payload: { accept_major: [2] } })
    const error = await client.waitForType("ERROR")
    expect(error.payload.code).toBe("VERSION_INCOMPATIBLE")
    expect((await client.closed).code).toBe(1008)
  })

  it("closes a connection that never sends HAI", async () => {
    const server = await startServer({ handshakeTimeoutMs: 50 })
    const client = await connect(server)
    const closed = await client.closed
    expect(closed.code).toBe(1008)
    expect(client.frames.at(-1)!.payload.code).toBe("PROTOCOL_VIOLATION")
  })
})
