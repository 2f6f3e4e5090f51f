/**
 * The conformance cases of voice (`capabilities.audio`): an adapter that says it sends audio
 * streams a voice message's chunks while they are recorded and answers it with valid items
 * in a legal event order (the user's message saying its audio's type); a recording that is not
 * audio is refused before anything is sent. Adapters without the capability skip them (the
 * composer shows them no microphone).
 */
import { type ChatEvent, chatResponseItemProblem, toAdapterError } from "@aichatkit/types"
import { expect, it } from "vitest"
import { foldEvents } from "../item-fold.js"
import type { NetworkAdapter } from "../network-adapter.js"
import { checkEventOrder } from "./event-order.js"

/** A recording the case releases one chunk at a time, and whether the adapter pulled each. */
function recording(count: number) {
  let pulled = 0
  async function* chunks(): AsyncGenerator<ArrayBuffer> {
    for (let index = 0; index < count; index++) {
      pulled = index + 1
      yield new Uint8Array([index, index, index, index]).buffer
    }
  }
  return { chunks: chunks(), pulled: () => pulled }
}

export function describeAudioCases(
  current: () => NetworkAdapter,
  options: { timeout: number; audio: () => boolean },
): void {
  it(
    "with capabilities.audio, answers a voice message streamed chunk by chunk, events in order (else skipped)",
    async (context) => {
      if (!options.audio()) return context.skip()
      const adapter = current()
      const agentId = await adapter.startChatAgent()
      const events: ChatEvent[] = []
      const unsubscribe = adapter.subscribe(agentId, (event) => events.push(event))
      const mediaType = "audio/webm;codecs=opus"
      const voice = recording(3)
      try {
        const response = await adapter.sendMessage(agentId, "", {
          audio: { mediaType, chunks: voice.chunks },
        })
        expect(voice.pulled(), "every chunk was taken").toBe(3)
        const user = response.items.find((item) => item.type === "message" && item.role === "user")
        expect(user, "the user's message says its audio").toMatchObject({ audio: { mediaType } })
        expect(response.items.length, "the turn answered").toBeGreaterThan(1)
        for (const item of response.items) {
          expect(chatResponseItemProblem(item), `item ${item.id} is valid`).toBeUndefined()
        }
        if (adapter.capabilities.streaming) {
          expect(checkEventOrder(events), "the events' order").toEqual([])
          expect(foldEvents(events), "the events add up to the response").toEqual(response.items)
        }
      } finally {
        unsubscribe()
      }
    },
    options.timeout,
  )

  it(
    "with capabilities.audio, refuses a recording that is not audio/* with INVALID_INPUT before sending (else skipped)",
    async (context) => {
      if (!options.audio()) return context.skip()
      const agentId = await current().startChatAgent()
      const before = await current().getConversationItems(agentId)
      const voice = recording(1)
      const outcome = await current()
        .sendMessage(agentId, "", { audio: { mediaType: "text/html", chunks: voice.chunks } })
        .then(
          () => undefined,
          (error: unknown) => error,
        )
      expect(toAdapterError(outcome).code, "the refusal's code").toBe("INVALID_INPUT")
      expect(voice.pulled(), "nothing was recorded into the wire").toBe(0)
      expect(await current().getConversationItems(agentId), "nothing was sent").toEqual(before)
    },
    options.timeout,
  )
}
