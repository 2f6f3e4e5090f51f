import { createChatController, createChatStore } from "@aichatkit/store"
import { MemoryAdapter } from "@aichatkit/testing"
import { cleanup, render, screen, waitFor } from "@testing-library/react"
import { userEvent } from "@testing-library/user-event"
import { afterEach, describe, expect, it, vi } from "vitest"
import { ChatView } from "./ChatView.js"
import { activeConversation, createHarness } from "./testdata/chat-harness.js"

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

/** The memory agent, saying it can send audio (the microphone shows only then). */
class VoiceMemoryAdapter extends MemoryAdapter {
  override readonly capabilities = { ...new MemoryAdapter().capabilities, audio: true }
}

const mic = () => screen.findByRole("button", { name: "Record a voice message" })
const textbox = () => screen.getByRole("textbox", { name: "Message" }) as HTMLTextAreaElement

/** A browser whose microphone answers `getUserMedia` as given. */
function stubMicrophone(getUserMedia: () => Promise<MediaStream>) {
  vi.stubGlobal("MediaRecorder", { isTypeSupported: () => true })
  Object.defineProperty(navigator, "mediaDevices", {
    configurable: true,
    value: { getUserMedia: vi.fn(getUserMedia) },
  })
}

describe("VoiceRecorder in the composer", () => {
  it("is there only where the adapter can send audio", async () => {
    const { controller } = createHarness()
    const { unmount } = render(<ChatView controller={controller} />)
    expect(screen.queryByRole("button", { name: "Record a voice message" })).toBeNull()
    unmount()
    const adapter = new VoiceMemoryAdapter({ tokenDelayMs: 0 })
    render(<ChatView controller={createChatController({ adapter, store: createChatStore() })} />)
    expect((await mic()).getAttribute("aria-pressed")).toBe("false")
  })

  it("says a refused microphone in words, keeps what was typed and sends nothing", async () => {
    stubMicrophone(() => Promise.reject(new DOMException("Permission denied", "NotAllowedError")))
    const adapter = new VoiceMemoryAdapter({ tokenDelayMs: 0 })
    const controller = createChatController({ adapter, store: createChatStore() })
    render(<ChatView controller={controller} />)
    const user = userEvent.setup()
    await user.type(textbox(), "half a thought")
    await user.click(await mic())
    const alert = await screen.findByRole("alert")
    expect(alert.textContent).toBe(
      "The microphone is blocked. Allow it in the browser's site settings to send a voice message; you can still type.",
    )
    await waitFor(() => expect(textbox().value).toBe("half a thought"))
    expect((await mic()).getAttribute("aria-pressed")).toBe("false")
    expect(activeConversation(controller)?.itemIds ?? []).toEqual([])
  })
})
