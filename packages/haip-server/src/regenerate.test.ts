import { describe, expect, it } from "vitest"
import { connect, readyClient, startServer } from "./testdata/harness.js"
import type { RawClient } from "./testdata/raw-client.js"

/** Sends a MESSAGE in the transaction and waits for its run to finish; the run's frames. */
async function turn(client: RawClient, transaction: string, payload: unknown, runId?: string) {
  const from = client.mark()
  const sent = client.send({
    type: "MESSAGE",
    transaction,
    payload,
    ...(runId === undefined ? {} : { run_id: runId }),
  })
  const settled = await client.waitFor(
    (frame) =>
      frame.type === "RUN_FINISHED" ||
      (frame.type === "ERROR" && frame.payload?.related_id === sent.id),
    from,
  )
  return { sent, settled, frames: client.frames.slice(from) }
}

const answerText = (frames: { type: string; payload: unknown }[]) =>
  frames.filter((frame) => frame.type === "MESSAGE").map((frame) => frame.payload)

describe("regenerating the last answer", () => {
  it("announces it in the HAI: capabilities.regenerate_last", async () => {
    const server = await startServer()
    const client = await connect(server)
    const hai = await client.hello()
    expect(hai.payload.capabilities.regenerate_last).toBe(true)
  })

  it("drops the last answer from the history and answers the last message again, in the run the client names", async () => {
    const server = await startServer()
    const { client, transaction } = await readyClient(server)
    await turn(client, transaction, "stream one")
    const first = await turn(client, transaction, "history")
    expect(answerText(first.frames)).toEqual(["USER: stream one\nAGENT: Hello, world"])

    const again = await turn(client, transaction, { regenerate: true }, "run-again")
    expect(again.settled).toMatchObject({
      type: "RUN_FINISHED",
      run_id: "run-again",
      payload: { status: "OK" },
    })
    expect(again.frames[0]).toMatchObject({ type: "RUN_STARTED", run_id: "run-again" })
    // The same question, answered over the same history: the first answer (and the question's
    // first copy) are gone from it.
    expect(answerText(again.frames)).toEqual(["USER: stream one\nAGENT: Hello, world"])
    const next = await turn(client, transaction, "history")
    expect(answerText(next.frames)).toEqual([
      "USER: stream one\nAGENT: Hello, world\nUSER: history\nAGENT: USER: stream one\nAGENT: Hello, world",
    ])
  })

  it("refuses when nothing was answered yet: INVALID_REQUEST naming the request, and the transaction goes on", async () => {
    const server = await startServer()
    const { client, transaction } = await readyClient(server)
    const refused = await turn(client, transaction, { regenerate: true })
    expect(refused.settled).toMatchObject({
      type: "ERROR",
      payload: { code: "INVALID_REQUEST", message: expect.stringContaining("no answer") },
    })
    expect(refused.frames.some((frame) => frame.type === "RUN_STARTED")).toBe(false)
    const next = await turn(client, transaction, "hello")
    expect(answerText(next.frames)).toEqual(["echo: hello"])
  })

  it("refuses while an answer is running, and loses nothing of it", async () => {
    const server = await startServer()
    const { client, transaction } = await readyClient(server)
    await turn(client, transaction, "hello")
    const from = client.mark()
    client.send({ type: "MESSAGE", transaction, payload: "slow" })
    const started = await client.waitForType("RUN_STARTED", from)
    await client.waitForType("MESSAGE_PART", from)
    const refused = await turn(client, transaction, { regenerate: true })
    expect(refused.settled).toMatchObject({
      type: "ERROR",
      payload: { code: "INVALID_REQUEST", message: expect.stringContaining("still running") },
    })
    // The running answer goes on: more of it arrives after the refusal.
    const afterRefusal = client.mark()
    await client.waitForType("MESSAGE_PART", afterRefusal)
    client.send({ type: "RUN_CANCEL", channel: "SYSTEM", payload: { run_id: started.run_id } })
    await client.waitForType("RUN_FINISHED", from)
    const history = await turn(client, transaction, "history")
    const [text] = answerText(history.frames) as string[]
    expect(text).toContain("USER: hello\nAGENT: echo: hello\nUSER: slow\nAGENT: word0 ")
  })
})
