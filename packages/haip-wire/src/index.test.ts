import { describe, expect, it } from "vitest"
import {
  consumesCredit,
  generationOf,
  HAIP_CHANNELS,
  HAIP_EVENT_TYPES,
  HAIPEventType,
} from "./index.js"

describe("the wire vocabulary", () => {
  it("lists every event type once in HAIP_EVENT_TYPES, the same set as HAIPEventType", () => {
    expect(new Set(HAIP_EVENT_TYPES).size).toBe(HAIP_EVENT_TYPES.length)
    expect([...HAIP_EVENT_TYPES].sort()).toEqual(Object.values(HAIPEventType).sort())
  })

  it("names each event type after itself", () => {
    for (const [key, value] of Object.entries(HAIPEventType)) expect(value).toBe(key)
  })

  it("has the spec's five channels", () => {
    expect(HAIP_CHANNELS).toEqual(["USER", "AGENT", "SYSTEM", "AUDIO_IN", "AUDIO_OUT"])
  })
})

describe("consumesCredit", () => {
  it.each([
    ["MESSAGE", "AGENT", true],
    ["MESSAGE_PART", "USER", true],
    ["TOOL_DONE", "AGENT", true],
    ["TOOL_LIST", "USER", true],
    ["AUDIO_CHUNK", "AUDIO_IN", true],
    ["MESSAGE", "SYSTEM", false],
    ["RUN_FINISHED", "AGENT", false],
    ["PING", "SYSTEM", false],
    ["FLOW_UPDATE", "USER", false],
    ["constructor", "USER", false],
  ])("%s on %s → %s", (type, channel, expected) => {
    expect(consumesCredit(type, channel)).toBe(expected)
  })
})

describe("generationOf", () => {
  // Of the kind the reference SDK and server (1.0.1) list: session control, whole messages,
  // audio, tools (REFERENCE_SDK_EVENTS of @aichatkit/haip-server/testing, whose peers' tests
  // tell the generation from the recorded lists themselves).
  const referenceAccepts = ["HAI", "PING", "PONG", "ERROR", "MESSAGE", "AUDIO", "TOOL_LIST"]

  it("knows the reference generation by a list without the spec's streaming, run and tool types", () => {
    expect(generationOf(referenceAccepts)).toBe("reference")
  })

  it("holds a peer to the spec when it lists any of them, or lists nothing", () => {
    expect(generationOf(HAIP_EVENT_TYPES)).toBe("spec")
    expect(generationOf([...referenceAccepts, "MESSAGE_PART"])).toBe("spec")
    expect(generationOf([])).toBe("spec")
  })
})
