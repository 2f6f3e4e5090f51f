import { afterEach, describe, expect, it } from "vitest"
import { ReferenceSdkClient, referenceSdkRefusal, startTestServer } from "./index.js"

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function sdkAgainstServer(options: Parameters<typeof startTestServer>[0] = {}) {
  const server = await startTestServer(options)
  cleanups.push(() => server.close())
  const client = await ReferenceSdkClient.connect(server.url)
  cleanups.push(() => client.socket.terminate())
  const transaction = await client.startTransaction("script")
  return { server, client, transaction }
}

/**
 * Sends `text`, waits for the frame `isLast`, then sends a fence message and waits for its
 * echo: what the transaction received in between is the whole answer (nothing more came).
 */
async function answerTo(
  client: ReferenceSdkClient,
  transaction: string,
  text: string,
  isLast: (payload: unknown) => boolean,
) {
  const from = client.frames.length
  client.sendTextMessage(transaction, text)
  await client.waitFor((frame) => frame.type === "MESSAGE" && isLast(frame.payload), from)
  client.sendTextMessage(transaction, "fence")
  const fence = await client.waitFor((frame) => frame.payload === "echo: fence", from)
  return client.frames
    .slice(from, client.frames.indexOf(fence))
    .filter((frame) => frame.transaction === transaction)
    .map((frame) => ({ type: frame.type, channel: frame.channel, payload: frame.payload }))
}

const agentMessage = (payload: unknown) => ({ type: "MESSAGE", channel: "AGENT", payload })

describe("the reference-SDK-shaped client against our server", () => {
  it("gets a whole text as one MESSAGE, with nothing refused", async () => {
    const { client, transaction } = await sdkAgainstServer()
    const answer = await answerTo(client, transaction, "whole", (p) => p === "a whole answer")
    expect(answer).toEqual([agentMessage("a whole answer")])
    expect(client.refused).toEqual([])
  })

  it("gets a streamed text as one whole MESSAGE when it ends", async () => {
    const { client, transaction } = await sdkAgainstServer()
    const expected = "1 2 3 4 5 "
    const answer = await answerTo(client, transaction, "stream 5", (p) => p === expected)
    expect(answer).toEqual([agentMessage(expected)])
    const paced = Array.from({ length: 20 }, (_, index) => `${index + 1} `).join("")
    expect(await answerTo(client, transaction, "paced 20", (p) => p === paced)).toEqual([
      agentMessage(paced),
    ])
    expect(client.refused).toEqual([])
  })

  it("gets all of a burst of 30 messages, in order, though it granted 10 credits", async () => {
    const { client, transaction } = await sdkAgainstServer()
    const answer = await answerTo(client, transaction, "count 30", (p) => p === "30")
    expect(answer).toEqual(
      Array.from({ length: 30 }, (_, index) => agentMessage(String(index + 1))),
    )
    expect(client.refused).toEqual([])
  })

  it("gets a tool call's outcome as INFO, then the answer", async () => {
    const { client, transaction } = await sdkAgainstServer()
    const answer = await answerTo(client, transaction, "tool", (p) => p === "It is 21 degrees.")
    expect(answer).toEqual([
      {
        type: "INFO",
        channel: "AGENT",
        payload: {
          event: "TOOL_DONE",
          call_id: expect.any(String),
          status: "OK",
          result: { temperature: 21 },
          tool: "weather",
        },
      },
      agentMessage("It is 21 degrees."),
    ])
    expect(client.refused).toEqual([])
  })

  it("gets a card as a MESSAGE whose payload is the card", async () => {
    const { client, transaction } = await sdkAgainstServer()
    const isCard = (p: unknown) => (p as { type?: string } | null)?.type === "card"
    const answer = await answerTo(client, transaction, "card", isCard)
    expect(answer).toEqual([
      agentMessage({
        type: "card",
        card: expect.objectContaining({ id: "card-1", title: "Oslo" }),
      }),
    ])
    expect(client.refused).toEqual([])
  })

  it("stays connected through heartbeats after it stops answering PING, and is still served", async () => {
    // The server closes a connection that answered nothing within one interval; the interval is
    // long enough that a loaded machine's pause before the WebSocket pong is not taken for death.
    const { client, transaction } = await sdkAgainstServer({ heartbeatInterval: 300 })
    // Its SYSTEM channel has 10 credits (HAI and TRANSACTION_START took 2): after 8 PONGs it
    // goes quiet on HAIP, and only WebSocket pongs say it is alive.
    let pings = 0
    await client.waitFor((frame) => frame.type === "PING" && ++pings >= 12, 0, 30_000)
    expect(client.stalled.map((frame) => frame.type)).toContain("PONG")
    const answer = await answerTo(client, transaction, "whole", (p) => p === "a whole answer")
    expect(answer).toEqual([agentMessage("a whole answer")])
    expect(client.refused).toEqual([])
  }, 40_000)
})

describe("referenceSdkRefusal", () => {
  const good = {
    id: "1",
    session: "s",
    seq: "1",
    ts: "1",
    channel: "AGENT",
    type: "MESSAGE",
    payload: "hi",
  }
  it.each([
    ["a good frame", good, undefined],
    ["a numeric seq", { ...good, seq: 1 }, "seq is not a non-empty string"],
    ["an empty session", { ...good, session: "" }, "session is not a non-empty string"],
    ["an AUDIO_OUT channel", { ...good, channel: "AUDIO_OUT" }, "channel AUDIO_OUT"],
    ["a RUN_STARTED", { ...good, type: "RUN_STARTED" }, "type RUN_STARTED"],
    ["an empty text", { ...good, payload: "" }, "payload is falsy"],
  ])("%s: %s", (_name, frame, reason) => {
    expect(referenceSdkRefusal(frame)).toBe(reason)
  })
})
