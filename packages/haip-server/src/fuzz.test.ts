import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { decodeFrame } from "./frames.js"
import { connect, readyClient, startServer } from "./testdata/harness.js"
import { HAIPEventType } from "./types.js"

const CODES = ["PAYLOAD_TOO_LARGE", "PROTOCOL_VIOLATION", "UNSUPPORTED_TYPE"]

/** Frames that look like HAIP: known and unknown types, fields of the wrong kinds. */
const frameLike = fc.record(
  {
    id: fc.oneof(fc.uuid(), fc.string(), fc.integer(), fc.constant(null)),
    type: fc.oneof(fc.constantFrom(...Object.values(HAIPEventType)), fc.string()),
    transaction: fc.oneof(fc.constant("null"), fc.string(), fc.constant(null)),
    channel: fc.oneof(fc.constantFrom("USER", "AGENT", "SYSTEM", "AUDIO_IN"), fc.string()),
    seq: fc.oneof(fc.nat().map(String), fc.string(), fc.integer()),
    run_id: fc.string(),
    payload: fc.oneof(
      fc.string(),
      fc.jsonValue(),
      fc.record(
        {
          message_id: fc.string(),
          text: fc.oneof(fc.string(), fc.integer()),
          call_id: fc.string(),
          channel: fc.string(),
          add_messages: fc.integer(),
          from_seq: fc.oneof(fc.string(), fc.integer()),
          toolName: fc.string(),
        },
        { requiredKeys: [] },
      ),
    ),
  },
  { requiredKeys: [] },
)

describe("decoder fuzz", () => {
  it("never throws, and either decodes or names one of its error codes", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.jsonValue().map((v) => JSON.stringify(v)),
          frameLike.map((v) => JSON.stringify(v)),
        ),
        (text) => {
          const result = decodeFrame(text, 4096)
          if (result.ok) {
            expect(typeof result.frame.id).toBe("string")
            expect(typeof result.frame.transaction).toBe("string")
          } else {
            expect(CODES).toContain(result.problem.code)
            expect(result.problem.message.length).toBeGreaterThan(10)
          }
        },
      ),
      { numRuns: 2000 },
    )
  })
})

describe("server fuzz", () => {
  it("survives random frames in and out of order: the fuzzed connection stays usable and a neighbour is untouched", async () => {
    const server = await startServer({ maxConcurrentRuns: 1000 })
    const neighbour = await readyClient(server)
    const { client, transaction } = await readyClient(server)
    const frames = fc.sample(frameLike, { numRuns: 400, seed: 42 })
    for (const [index, frame] of frames.entries()) {
      // Every third frame lands in the open transaction, to reach the turn logic too.
      const patched = index % 3 === 0 ? { ...frame, transaction } : frame
      client.sendRaw(JSON.stringify(patched))
    }
    // The fuzzed seqs went up to 2^31: a frame at or below the highest is a repeat, dropped.
    const seq = "999999999999999"
    client.send({ type: "PING", channel: "SYSTEM", seq, payload: { nonce: "after-fuzz" } })
    const pong = await client.waitFor(
      (frame) => frame.type === "PONG" && frame.payload.nonce === "after-fuzz",
      0,
      15_000,
    )
    expect(pong.payload.nonce).toBe("after-fuzz")
    const from = neighbour.client.mark()
    neighbour.client.send({
      type: "MESSAGE",
      transaction: neighbour.transaction,
      payload: "still fine",
    })
    const answer = await neighbour.client.waitForType("MESSAGE", from)
    expect(answer.payload).toBe("echo: still fine")
    expect(neighbour.client.frames.some((frame) => frame.type === "ERROR")).toBe(false)
    const fresh = await connect(server)
    await fresh.hello()
  })
})
