import type { SendMessageOptions } from "@aichatkit/network-adapter"
import { createChatController, createChatStore } from "@aichatkit/store"
import { chatPersistence } from "@aichatkit/store/persist"
import { ChatError, type ChatResponse } from "@aichatkit/types"
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react"
import { userEvent } from "@testing-library/user-event"
import { afterEach, describe, expect, it, vi } from "vitest"
import { ChatView } from "./ChatView.js"
import { activeConversation, createHarness, waitForRun } from "./testdata/chat-harness.js"
import { VoiceMemoryAdapter } from "./testdata/voice-story.js"

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

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

/** A recorder that hands over one chunk as soon as it starts. */
class OneChunkRecorder {
  static isTypeSupported = () => true
  mimeType = "audio/webm"
  state = "inactive"
  ondataavailable: ((event: { data: Blob }) => void) | undefined
  onstop: (() => void) | undefined
  start() {
    this.state = "recording"
    queueMicrotask(() => this.ondataavailable?.({ data: new Blob([new Uint8Array([1, 2, 3])]) }))
  }
  stop() {
    this.state = "inactive"
    queueMicrotask(() => this.onstop?.())
  }
}

/** Takes the first chunk of a voice message, then loses the connection. */
class DroppingAdapter extends VoiceMemoryAdapter {
  override async sendMessage(
    agentId: string,
    message: string,
    options: SendMessageOptions = {},
  ): Promise<ChatResponse> {
    if (options.audio === undefined) return super.sendMessage(agentId, message, options)
    for await (const _chunk of options.audio.chunks) break
    throw new ChatError("CONNECTION_LOST", "The connection to the server was lost.")
  }
}

/** Loses the connection on the first voice message only; keeps the bytes of each one it heard. */
class DroppingOnceAdapter extends VoiceMemoryAdapter {
  dropped = false
  readonly heard: number[][] = []
  override async sendMessage(
    agentId: string,
    message: string,
    options: SendMessageOptions = {},
  ): Promise<ChatResponse> {
    if (options.audio === undefined) return super.sendMessage(agentId, message, options)
    if (!this.dropped) {
      this.dropped = true
      for await (const _chunk of options.audio.chunks) break
      throw new ChatError("CONNECTION_LOST", "The connection to the server was lost.")
    }
    const bytes: number[] = []
    for await (const chunk of options.audio.chunks) bytes.push(...new Uint8Array(chunk))
    this.heard.push(bytes)
    const signal = options.signal
    return super.sendMessage(agentId, `I heard ${bytes.length} bytes.`, signal ? { signal } : {})
  }
}

/** A microphone the page may use, whose recorder gives one chunk. */
function grantMicrophone() {
  vi.stubGlobal("MediaRecorder", OneChunkRecorder)
  Object.defineProperty(navigator, "mediaDevices", {
    configurable: true,
    value: { getUserMedia: async () => ({ getTracks: () => [] }) },
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

  it("stops recording when the connection drops mid-recording, says so, and keeps what was typed", async () => {
    grantMicrophone()
    const adapter = new DroppingAdapter({ tokenDelayMs: 0 })
    const controller = createChatController({ adapter, store: createChatStore() })
    render(<ChatView controller={controller} />)
    const user = userEvent.setup()
    await user.type(textbox(), "and also")
    await user.click(await mic())
    const said = await screen.findByText(
      "The recording stopped: The connection to the server was lost. What you typed is still here.",
    )
    expect(said.getAttribute("role")).toBe("alert")
    expect((await mic()).getAttribute("aria-pressed")).toBe("false")
    expect(textbox().value).toBe("and also")
  })

  it("keeps a voice message whose connection dropped, and Retry sends its recording again", async () => {
    grantMicrophone()
    const adapter = new DroppingOnceAdapter({ tokenDelayMs: 0 })
    const controller = createChatController({ adapter, store: createChatStore() })
    render(<ChatView controller={controller} />)
    const user = userEvent.setup()
    await user.click(await mic())
    await waitForRun(controller, "error")
    await waitFor(() => expect(screen.getAllByRole("button", { name: "Retry" }).length).toBe(2))
    await user.click(screen.getAllByRole("button", { name: "Retry" })[0] as HTMLElement)
    await waitForRun(controller, "idle")
    // The recording, as recorded, went again: one voice message, not a second copy.
    expect(adapter.heard).toEqual([[1, 2, 3]])
    const conversation = activeConversation(controller)
    const voiceMessages = conversation?.itemIds.filter((id) => {
      const item = conversation.items[id]
      return item?.type === "message" && item.role === "user" && item.audio !== undefined
    })
    expect(voiceMessages).toHaveLength(1)
  })

  it("after a reload, a failed voice message says its recording was not kept, with no Retry", async () => {
    grantMicrophone()
    const stored = new Map<string, string>()
    const storage = {
      getItem: (name: string) => stored.get(name) ?? null,
      setItem: (name: string, value: string) => void stored.set(name, value),
      removeItem: (name: string) => void stored.delete(name),
    }
    const persist = chatPersistence({ storage, writeDelayMs: 0 })
    const adapter = new DroppingAdapter({ tokenDelayMs: 0 })
    const controller = createChatController({ adapter, store: createChatStore({ persist }) })
    const { unmount } = render(<ChatView controller={controller} />)
    await userEvent.setup().click(await mic())
    await waitForRun(controller, "error")
    unmount()
    controller.dispose()

    const reloaded = createChatController({
      adapter: new DroppingAdapter({ tokenDelayMs: 0 }),
      store: createChatStore({ persist }),
    })
    const { container } = render(<ChatView controller={reloaded} />)
    await screen.findByText("Voice message")
    const marker = container.querySelector(".aichatkit-turn-marker--failed") as HTMLElement
    expect(marker.textContent).toBe(
      "Not answered: The connection to the server was lost. The recording of this voice message was not kept when the chat reloaded; record it again.",
    )
    expect(screen.queryByRole("button", { name: "Retry" })).toBeNull()
    expect((await mic()).getAttribute("aria-pressed")).toBe("false")
  })

  it("records while a press is held and sends the voice message on release", async () => {
    grantMicrophone()
    const adapter = new VoiceMemoryAdapter({ tokenDelayMs: 0 })
    const controller = createChatController({ adapter, store: createChatStore() })
    render(<ChatView controller={controller} />)
    const button = await mic()
    const pressedAt = Date.now()
    fireEvent.pointerDown(button, { button: 0 })
    await waitFor(() => expect(button.getAttribute("aria-pressed")).toBe("true"))
    // Held past the hold threshold (a clock read, not a wait); the real clock is back for the answer.
    const clock = vi.spyOn(Date, "now").mockReturnValue(pressedAt + 1000)
    fireEvent.pointerUp(button, { button: 0 })
    fireEvent.click(button)
    clock.mockRestore()
    await waitFor(() => expect(button.getAttribute("aria-pressed")).toBe("false"))
    // The turn began with the recording; it ends once the agent has streamed its whole answer.
    await waitForRun(controller, "idle")
    const conversation = activeConversation(controller)
    const first = conversation?.items[conversation.itemIds[0] ?? ""]
    expect(first).toMatchObject({ role: "user", audio: { mediaType: "audio/webm" } })
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
