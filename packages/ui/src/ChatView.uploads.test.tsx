/** Upload progress on the sending message's files: a bar per file while the adapter reports it. */
import type { SendMessageOptions, UploadProgress } from "@aichatkit/network-adapter"
import { createChatController, createChatStore } from "@aichatkit/store"
import { MemoryAdapter } from "@aichatkit/testing"
import { ChatError } from "@aichatkit/types"
import { cleanup, render, screen, waitFor } from "@testing-library/react"
import { userEvent } from "@testing-library/user-event"
import { afterEach, describe, expect, it } from "vitest"
import { ChatView } from "./ChatView.js"
import { waitForRun } from "./testdata/chat-harness.js"

afterEach(cleanup)

/** The memory agent taking files, "uploading" them as the test says before it answers. */
class UploadingAdapter extends MemoryAdapter {
  override readonly capabilities = Object.freeze({
    ...new MemoryAdapter().capabilities,
    attachments: true,
  })
  report: ((progress: UploadProgress) => void) | undefined
  #finish: ((error?: Error) => void) | undefined
  override async sendMessage(agentId: string, message: string, options?: SendMessageOptions) {
    this.report = options?.onUploadProgress
    const failure = await new Promise<Error | undefined>((resolve) => (this.#finish = resolve))
    if (failure) throw failure
    return super.sendMessage(agentId, message, options)
  }
  /** The upload ends: the message goes on, or the upload failed with `error`. */
  finish(error?: Error) {
    this.#finish?.(error)
  }
}

const pdf = () => new File(["%PDF-1.7 0123456789"], "notes.pdf", { type: "application/pdf" })

async function sendWithFile(container: HTMLElement, text: string) {
  const user = userEvent.setup()
  await screen.findByRole("button", { name: "Attach files" })
  await user.upload(container.querySelector('input[type="file"]') as HTMLInputElement, pdf())
  await user.type(screen.getByRole("textbox", { name: "Message" }), `${text}{Enter}`)
}

describe("ChatView: upload progress", () => {
  it("shows a progress bar on the sending message's file while it uploads, gone when done", async () => {
    const adapter = new UploadingAdapter({ tokenDelayMs: 0 })
    const controller = createChatController({ adapter, store: createChatStore() })
    const { container } = render(<ChatView controller={controller} />)
    await sendWithFile(container, "Read this")
    await waitFor(() => expect(adapter.report).toBeTypeOf("function"))
    expect(screen.queryByRole("progressbar")).toBeNull()
    adapter.report?.({ index: 0, loaded: 400, total: 1000 })
    const bar = await screen.findByRole("progressbar", { name: "Uploading notes.pdf" })
    expect(bar.getAttribute("value")).toBe("40")
    expect(bar.getAttribute("max")).toBe("100")
    // Not a live region: its value changes are not read out per percent.
    expect(bar.closest("[aria-live]:not([aria-live='off'])")).toBeNull()
    adapter.report?.({ index: 0, loaded: 750, total: 1000 })
    await waitFor(() => expect(bar.getAttribute("value")).toBe("75"))
    adapter.report?.({ index: 0, loaded: 1000, total: 1000 })
    await waitFor(() => expect(screen.queryByRole("progressbar")).toBeNull())
    adapter.finish()
    await waitForRun(controller, "idle")
  })

  it("a dropped upload shows its error, the bar goes, and the text and file stay to retry", async () => {
    const adapter = new UploadingAdapter({ tokenDelayMs: 0 })
    const controller = createChatController({ adapter, store: createChatStore() })
    const { container } = render(<ChatView controller={controller} />)
    await sendWithFile(container, "Read this")
    await waitFor(() => expect(adapter.report).toBeTypeOf("function"))
    adapter.report?.({ index: 0, loaded: 300, total: 1000 })
    await screen.findByRole("progressbar", { name: "Uploading notes.pdf" })
    adapter.finish(
      new ChatError("CONNECTION_FAILED", '"notes.pdf" could not be uploaded: connection dropped', {
        retryable: true,
      }),
    )
    await waitForRun(controller, "error")
    await waitFor(() => expect(screen.queryByRole("progressbar")).toBeNull())
    expect(screen.getAllByText(/"notes\.pdf" could not be uploaded/).length).toBeGreaterThan(0)
    const log = screen.getByRole("log")
    expect(log.textContent).toContain("Read this")
    expect(log.textContent).toContain("notes.pdf")
  })
})
