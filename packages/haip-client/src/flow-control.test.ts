import { describe, expect, it } from "vitest"
import { FlowControl, type FlowIO } from "./flow-control.js"

function harness(peer: { messages: number; bytes: number } | undefined) {
  const written: string[] = []
  const io: FlowIO<string> = { measure: (item) => item.length, write: (item) => written.push(item) }
  const flow = new FlowControl<string>({ messages: 10, bytes: 1000 })
  flow.reset(peer)
  return { flow, io, written }
}

describe("FlowControl outbound", () => {
  it("never waits for a peer that announced no flow control", () => {
    const { flow, io, written } = harness(undefined)
    for (let index = 0; index < 10_000; index++) flow.submit("USER", `m${index}`, io)
    expect(written).toHaveLength(10_000)
    expect(flow.credits("USER").messages).toBe(Number.POSITIVE_INFINITY)
  })

  it("queues beyond the peer's credits, in order, and drains on FLOW_UPDATE", () => {
    const { flow, io, written } = harness({ messages: 2, bytes: 1000 })
    expect(flow.submit("USER", "a", io)).toBe(true)
    expect(flow.submit("USER", "b", io)).toBe(true)
    expect(flow.submit("USER", "c", io)).toBe(false)
    expect(flow.submit("USER", "d", io)).toBe(false)
    expect(written).toEqual(["a", "b"])
    expect(flow.queued("USER")).toBe(2)
    flow.addCredits("USER", 1, 100, io)
    expect(written).toEqual(["a", "b", "c"])
    flow.addCredits("USER", 5, 100, io)
    expect(written).toEqual(["a", "b", "c", "d"])
    expect(flow.queued("USER")).toBe(0)
  })

  it("keeps channels apart", () => {
    const { flow, io, written } = harness({ messages: 1, bytes: 1000 })
    flow.submit("USER", "u1", io)
    flow.submit("USER", "u2", io)
    flow.submit("AUDIO_IN", "a1", io)
    expect(written).toEqual(["u1", "a1"])
  })

  it("counts bytes and lets a frame bigger than the whole window go once the window is full", () => {
    const { flow, io, written } = harness({ messages: 100, bytes: 10 })
    flow.submit("USER", "12345678", io)
    flow.submit("USER", "1234", io)
    expect(written).toEqual(["12345678"])
    flow.addCredits("USER", 0, 8, io)
    expect(written).toEqual(["12345678", "1234"])
    flow.submit("USER", "x".repeat(50), io)
    expect(written).toHaveLength(2)
    flow.addCredits("USER", 0, 4, io)
    expect(written).toHaveLength(3)
  })

  it("holds a paused channel and releases it on resume", () => {
    const { flow, io, written } = harness(undefined)
    flow.pauseChannel("USER")
    flow.submit("USER", "a", io)
    expect(written).toEqual([])
    flow.resumeChannel("USER", io)
    expect(written).toEqual(["a"])
  })

  it("never stalls: 10,000 messages flow through a 10-message window with grants per half window", () => {
    const { flow, io, written } = harness({ messages: 10, bytes: 1_000_000 })
    const receiver = new FlowControl<string>({ messages: 10, bytes: 1_000_000 })
    receiver.reset(undefined)
    let delivered = 0
    const pump = () => {
      while (delivered < written.length) {
        const item = written[delivered++] as string
        const { overrun, grant } = receiver.receive("USER", item.length)
        expect(overrun).toBe(false)
        if (grant) flow.addCredits("USER", grant.addMessages, grant.addBytes, io)
      }
    }
    for (let index = 0; index < 10_000; index++) {
      flow.submit("USER", `m${index}`, io)
      pump()
    }
    pump()
    expect(written).toHaveLength(10_000)
    expect(flow.queued("USER")).toBe(0)
  })
})

describe("FlowControl inbound", () => {
  it("grants back what was used each time half a window (messages or bytes) is used", () => {
    const flow = new FlowControl<string>({ messages: 4, bytes: 1000 })
    flow.reset(undefined)
    expect(flow.receive("AGENT", 10)).toEqual({ overrun: false })
    expect(flow.receive("AGENT", 10)).toEqual({
      overrun: false,
      grant: { channel: "AGENT", addMessages: 2, addBytes: 20 },
    })
    expect(flow.receive("AGENT", 10)).toEqual({ overrun: false })
    expect(flow.receive("AGENT", 600)).toEqual({
      overrun: false,
      grant: { channel: "AGENT", addMessages: 2, addBytes: 610 },
    })
  })
})
