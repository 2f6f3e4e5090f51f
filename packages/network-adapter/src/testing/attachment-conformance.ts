/**
 * The conformance cases of files (`capabilities.attachments`): an adapter that says it sends
 * files answers a message with an image and a document, and one of an image without text, keeps
 * valid items, and refuses a file too large before anything is sent. Adapters without the
 * capability skip them (the composer shows them no attach button).
 */
import { chatResponseItemProblem, toAdapterError } from "@aichatkit/types"
import { expect, it } from "vitest"
import type { NetworkAdapter } from "../network-adapter.js"

/** A 1×1 PNG. */
const PIXEL =
  "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="

/** A Blob that says it holds 2 GB without allocating them. */
class HugeBlob extends Blob {
  override get size(): number {
    return 2 * 1024 ** 3
  }
}

export function describeAttachmentCases(
  current: () => NetworkAdapter,
  options: { message: string; timeout: number },
): void {
  it(
    "with capabilities.attachments, answers a message with an image and a file (else skipped)",
    async (context) => {
      if (current().capabilities.attachments !== true) return context.skip()
      const agentId = await current().startChatAgent()
      const response = await current().sendMessage(agentId, options.message, {
        attachments: [
          { name: "pixel.png", mediaType: "image/png", data: PIXEL },
          { name: "notes.txt", mediaType: "text/plain", data: new Blob(["hello"]) },
        ],
      })
      expect(response.items.length, "the turn answered").toBeGreaterThan(0)
      for (const item of await current().getConversationItems(agentId)) {
        expect(chatResponseItemProblem(item), `item ${item.id} is valid`).toBeUndefined()
      }
    },
    options.timeout,
  )

  it(
    "with capabilities.attachments, answers a message of files without text (else skipped)",
    async (context) => {
      if (current().capabilities.attachments !== true) return context.skip()
      const agentId = await current().startChatAgent()
      // A user may send a picture alone: no text is still a message when files come with it.
      const response = await current().sendMessage(agentId, "", {
        attachments: [{ name: "pixel.png", mediaType: "image/png", data: PIXEL }],
      })
      expect(response.items.length, "the turn answered").toBeGreaterThan(0)
      for (const item of await current().getConversationItems(agentId)) {
        expect(chatResponseItemProblem(item), `item ${item.id} is valid`).toBeUndefined()
      }
    },
    options.timeout,
  )

  it(
    "with capabilities.attachments, refuses a 2 GB file with PAYLOAD_TOO_LARGE before sending (else skipped)",
    async (context) => {
      if (current().capabilities.attachments !== true) return context.skip()
      const agentId = await current().startChatAgent()
      const before = await current().getConversationItems(agentId)
      const outcome = await current()
        .sendMessage(agentId, options.message, {
          attachments: [{ name: "film.mov", mediaType: "video/quicktime", data: new HugeBlob([]) }],
        })
        .then(
          () => undefined,
          (error: unknown) => error,
        )
      expect(toAdapterError(outcome).code, "the refusal's code").toBe("PAYLOAD_TOO_LARGE")
      expect(await current().getConversationItems(agentId), "nothing was sent").toEqual(before)
    },
    options.timeout,
  )
}
