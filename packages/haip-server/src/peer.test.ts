import { describe, expect, it } from "vitest"
import { heldToCredits, PeerDelivery, peerProfile } from "./peer.js"
import type { QueuedFrame } from "./session.js"
import { REFERENCE_SDK_EVENTS } from "./testing/reference-sdk-client.js"

describe("peerProfile", () => {
  it.each([
    ["no accept_events", undefined, "spec", true],
    ["an empty list", [], "spec", true],
    ["the reference SDK's 15", [...REFERENCE_SDK_EVENTS], "reference", false],
    ["a list with MESSAGE_PART", ["HAI", "MESSAGE", "MESSAGE_PART"], "spec", true],
    ["a list with TOOL_DONE", ["HAI", "MESSAGE", "TOOL_DONE"], "spec", true],
  ])("%s: the %s generation, held to its credits: %s", (_name, events, generation, held) => {
    const profile = peerProfile(events)
    expect(profile.generation).toBe(generation)
    expect(heldToCredits(profile)).toBe(held)
  })
})

const frame = (type: string, payload: unknown): QueuedFrame =>
  ({ type, channel: "AGENT", payload, run_id: "r", transaction: "t" }) as QueuedFrame
const shape = (frames: QueuedFrame[]) => frames.map(({ type, payload }) => ({ type, payload }))

/** Feeds frames through one delivery and returns what comes out, in order. */
function deliver(events: unknown, frames: QueuedFrame[]) {
  const delivery = new PeerDelivery(peerProfile(events))
  return shape(frames.flatMap((each) => delivery.translate(each)))
}

const streamed = [
  frame("RUN_STARTED", { run_id: "r" }),
  frame("MESSAGE_START", { message_id: "m", author: "assistant" }),
  frame("MESSAGE_PART", { message_id: "m", text: "Hello" }),
  frame("MESSAGE_PART", { message_id: "m", text: ", world" }),
  frame("MESSAGE_END", { message_id: "m" }),
  frame("RUN_FINISHED", { run_id: "r", status: "OK" }),
]
const toolCall = [
  frame("TOOL_CALL", { call_id: "c", tool: "weather", params: {} }),
  frame("TOOL_UPDATE", { call_id: "c", status: "RUNNING", progress: 50 }),
  frame("TOOL_DONE", { call_id: "c", status: "OK", result: { temperature: 21 } }),
]

describe("PeerDelivery", () => {
  it.each([
    ["everything to a client that listed nothing", undefined, streamed, shape(streamed)],
    [
      "a streamed text as one MESSAGE, without RUN_*, to the reference SDK",
      [...REFERENCE_SDK_EVENTS],
      streamed,
      [{ type: "MESSAGE", payload: "Hello, world" }],
    ],
    [
      "a streamed text started with text",
      ["MESSAGE"],
      [
        frame("MESSAGE_START", { message_id: "m", text: "Hi" }),
        frame("MESSAGE_PART", { message_id: "m", text: "!" }),
        frame("MESSAGE_END", { message_id: "m" }),
      ],
      [{ type: "MESSAGE", payload: "Hi!" }],
    ],
    [
      "nothing for an empty streamed text (the SDK refuses a falsy payload)",
      ["MESSAGE"],
      [frame("MESSAGE_START", { message_id: "m" }), frame("MESSAGE_END", { message_id: "m" })],
      [],
    ],
    [
      "a tool call's outcome as one INFO to the reference SDK",
      [...REFERENCE_SDK_EVENTS],
      toolCall,
      [
        {
          type: "INFO",
          payload: {
            event: "TOOL_DONE",
            call_id: "c",
            status: "OK",
            result: { temperature: 21 },
            tool: "weather",
          },
        },
      ],
    ],
    ["nothing of a tool call to a client without INFO", ["MESSAGE"], toolCall, []],
    [
      "the streamed frames to a spec client",
      ["MESSAGE_START", "MESSAGE_PART", "MESSAGE_END"],
      streamed.slice(1, 5),
      shape(streamed.slice(1, 5)),
    ],
  ])("sends %s", (_name, events, frames, expected) => {
    expect(deliver(events, frames)).toEqual(expected)
  })

  it("keeps two streamed texts apart by message_id", () => {
    const delivery = new PeerDelivery(peerProfile(["MESSAGE"]))
    const out = [
      frame("MESSAGE_START", { message_id: "a" }),
      frame("MESSAGE_START", { message_id: "b" }),
      frame("MESSAGE_PART", { message_id: "a", text: "A" }),
      frame("MESSAGE_PART", { message_id: "b", text: "B" }),
      frame("MESSAGE_END", { message_id: "b" }),
      frame("MESSAGE_END", { message_id: "a" }),
    ].flatMap((each) => delivery.translate(each))
    expect(shape(out)).toEqual([
      { type: "MESSAGE", payload: "B" },
      { type: "MESSAGE", payload: "A" },
    ])
    expect(out[0]).toMatchObject({ channel: "AGENT", run_id: "r", transaction: "t" })
  })
})
