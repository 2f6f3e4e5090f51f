import { describe, expect, it } from "vitest"
import { resolveConfig } from "./config.js"
import {
  clientHello,
  greetingOutcome,
  outgoingFrame,
  parseServerInfo,
} from "./connection-support.js"
import type { HAIPOutgoingMessage } from "./types.js"

describe("greetingOutcome (the handshake rule for a server's HAI)", () => {
  it.each([
    [
      "not resuming",
      {
        resumeSession: undefined,
        greetingSession: "a",
        resumeFailedSeen: false,
        serverResumes: true,
      },
      "fresh",
    ],
    [
      "the resumed session",
      { resumeSession: "a", greetingSession: "a", resumeFailedSeen: false, serverResumes: true },
      "resumed",
    ],
    [
      "another session from a server that speaks first",
      { resumeSession: "a", greetingSession: "b", resumeFailedSeen: false, serverResumes: true },
      "wait",
    ],
    [
      "another session after RESUME_FAILED",
      { resumeSession: "a", greetingSession: "b", resumeFailedSeen: true, serverResumes: true },
      "fresh",
    ],
    [
      "another session from a server without resume",
      { resumeSession: "a", greetingSession: "b", resumeFailedSeen: false, serverResumes: false },
      "fresh",
    ],
  ] as const)("%s → %s", (_name, input, outcome) => {
    expect(greetingOutcome(input)).toBe(outcome)
  })
})

describe("clientHello", () => {
  const config = resolveConfig({
    url: "ws://x",
    flowControl: { initialCredits: 10, initialCreditBytes: 1000 },
    maxConcurrentRuns: 3,
  })

  it("announces version, credits and auth", () => {
    expect(clientHello(config, { binaryFrames: true, auth: { token: "Bearer T" } })).toMatchObject({
      haip_version: "1.1.2",
      accept_major: [1],
      capabilities: {
        binary_frames: true,
        flow_control: { initial_credit_messages: 10, initial_credit_bytes: 1000 },
        max_concurrent_runs: 3,
      },
      auth: { token: "Bearer T" },
    })
  })

  it("names the session and the last seq received when resuming", () => {
    const hello = clientHello(config, {
      binaryFrames: false,
      auth: undefined,
      resume: { session: "s1", lastRxSeq: 42 },
    })
    expect(hello).toMatchObject({ session: "s1", last_rx_seq: "42" })
    expect(hello).not.toHaveProperty("auth")
  })
})

describe("parseServerInfo", () => {
  it("reads our server's capabilities", () => {
    const info = parseServerInfo(
      {
        haip_version: "1.1.2",
        capabilities: {
          resume: true,
          run_events: true,
          flow_control: { initial_credit_messages: 5, initial_credit_bytes: 50 },
          max_concurrent_runs: 2,
          regenerate_last: true,
        },
      },
      "s",
    )
    expect(info).toMatchObject({
      resume: true,
      runEvents: true,
      regenerateLast: true,
      flowControl: { initialCreditMessages: 5, initialCreditBytes: 50 },
      maxConcurrentRuns: 2,
    })
  })

  it("takes a reference server's bare HAI as no resume, no run events, no flow control", () => {
    const info = parseServerInfo(
      { haip_version: "1.1.2", accept_events: ["HAI", 5], capabilities: {} },
      "s",
    )
    expect(info).toMatchObject({
      resume: false,
      runEvents: false,
      regenerateLast: false,
      acceptEvents: ["HAI"],
    })
    expect(info.flowControl).toBeUndefined()
  })
})

describe("resolveConfig", () => {
  it("refuses a missing url with a sentence", () => {
    expect(() => resolveConfig({ url: "" })).toThrow(/INVALID_ARGUMENT: The client needs a url/)
  })
})

describe("outgoingFrame (a caller's message as the frame that leaves)", () => {
  const strip = ({ id, ts, ...rest }: ReturnType<typeof outgoingFrame>) => {
    expect(typeof id).toBe("string")
    expect(Number(ts)).toBeGreaterThan(0)
    return rest
  }

  it.each([
    [
      "a user MESSAGE with defaults",
      { type: "MESSAGE", payload: "hi", transaction: "t1" },
      { transaction: "t1", channel: "USER", type: "MESSAGE", payload: "hi" },
    ],
    [
      "a control frame with no payload",
      { type: "PING" },
      { transaction: null, channel: "SYSTEM", type: "PING", payload: {} },
    ],
    [
      "envelope fields (the seed's form)",
      {
        type: "RUN_CANCEL",
        envelope: { run_id: "r1", thread_id: "th", channel: "SYSTEM", transaction: "t2" },
      },
      {
        transaction: "t2",
        channel: "SYSTEM",
        type: "RUN_CANCEL",
        payload: {},
        run_id: "r1",
        thread_id: "th",
      },
    ],
    [
      "top-level fields win over the envelope",
      {
        type: "MESSAGE",
        payload: "x",
        channel: "AGENT",
        run_id: "top",
        transaction: "t3",
        envelope: { run_id: "nested", channel: "USER", transaction: "t4" },
        bin_len: 3,
        bin_mime: "audio/wav",
      },
      {
        transaction: "t3",
        channel: "AGENT",
        type: "MESSAGE",
        payload: "x",
        run_id: "top",
        bin_len: 3,
        bin_mime: "audio/wav",
      },
    ],
  ] as const)("%s", (_name, message, frame) => {
    expect(strip(outgoingFrame(message as HAIPOutgoingMessage))).toEqual(frame)
  })
})
