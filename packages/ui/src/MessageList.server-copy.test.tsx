/**
 * The server's copy of the user's message takes the optimistic item's place under a new id
 * (HAIP echoes it, its files named `<id>-<n>` as data URLs): the row on screen stays the same
 * DOM, so an image already loaded never vanishes for a rebuilt copy (a page read its box as
 * 0 px tall when it did) and focus stays where the user put it.
 */
import type { SendMessageOptions } from "@aichatkit/network-adapter"
import { createChatController, createChatStore } from "@aichatkit/store"
import { MemoryAdapter } from "@aichatkit/testing"
import type { ChatEvent } from "@aichatkit/types"
import { cleanup, render, screen } from "@testing-library/react"
import { afterEach, describe, expect, it } from "vitest"
import { ChatView } from "./ChatView.js"
import { activeConversation, waitForRun } from "./testdata/chat-harness.js"

afterEach(cleanup)

/** A 1×1 PNG, as a data URL: jsdom has no `blob:` URLs, and a server may echo this form. */
const pixel =
  "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="

/**
 * The memory agent taking files, holding the turn until the test lets it go; its copy of the
 * user's message names the files anew, as HAIP's does.
 */
class EchoingAdapter extends MemoryAdapter {
  override readonly capabilities = Object.freeze({
    ...new MemoryAdapter().capabilities,
    attachments: true,
  })
  #release: (() => void) | undefined
  override async sendMessage(agentId: string, message: string, options?: SendMessageOptions) {
    await new Promise<void>((resolve) => (this.#release = resolve))
    return super.sendMessage(agentId, message, options)
  }
  /** The server answers: its copy of the user's message arrives, then the reply. */
  release() {
    this.#release?.()
  }
  protected override emit(event: ChatEvent): void {
    const { type } = event
    if (type === "item-added" && event.item.type === "message" && event.item.role === "user") {
      const { id } = event.item
      const attachments = [{ id: `${id}-0`, name: "red.png", mediaType: "image/png", url: pixel }]
      super.emit({ ...event, item: { ...event.item, attachments } })
      return
    }
    super.emit(event)
  }
}

describe("MessageList: the server's copy of the user's message", () => {
  it("keeps the row, its loaded image and the focus when the copy replaces the optimistic item", async () => {
    const adapter = new EchoingAdapter({ tokenDelayMs: 0 })
    const controller = createChatController({ adapter, store: createChatStore() })
    render(<ChatView controller={controller} />)
    const sent = controller.send("Look", {
      attachments: [{ name: "red.png", mediaType: "image/png", data: pixel }],
    })
    const opener = await screen.findByRole("button", { name: "Open image red.png" })
    const image = screen.getByRole("img", { name: "red.png" })
    const row = opener.closest("[data-item-id]")
    const localId = row?.getAttribute("data-item-id")
    expect(localId).toBe(activeConversation(controller)?.pendingUserItemId)
    opener.focus()

    adapter.release()
    await sent
    await waitForRun(controller, "idle")
    const serverId = activeConversation(controller)?.itemIds[0] ?? ""
    expect(serverId).not.toBe(localId)
    expect(activeConversation(controller)?.items[serverId]).toMatchObject({
      attachments: [{ id: `${serverId}-0` }],
    })
    // The same elements, still in the page: nothing was rebuilt under the user's eyes.
    expect(row?.isConnected).toBe(true)
    expect(row?.getAttribute("data-item-id")).toBe(serverId)
    expect(image.isConnected).toBe(true)
    expect(screen.getByRole("img", { name: "red.png" })).toBe(image)
    expect(document.activeElement).toBe(opener)
  })
})
