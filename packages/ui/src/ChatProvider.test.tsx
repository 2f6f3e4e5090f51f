import { chatPersistence } from "@aichatkit/store/persist"
import { MemoryAdapter } from "@aichatkit/testing"
import { cleanup, render, screen, waitFor, within } from "@testing-library/react"
import { userEvent } from "@testing-library/user-event"
import { StrictMode } from "react"
import { renderToString } from "react-dom/server"
import { afterEach, describe, expect, it, vi } from "vitest"
import { ChatView } from "./ChatView.js"

afterEach(cleanup)

/** A MemoryAdapter that counts the listeners subscribed to it and not yet unsubscribed. */
class CountingMemoryAdapter extends MemoryAdapter {
  liveSubscriptions = 0
  override subscribe(...args: Parameters<MemoryAdapter["subscribe"]>): () => void {
    const unsubscribe = super.subscribe(...args)
    this.liveSubscriptions += 1
    let active = true
    return () => {
      if (active) this.liveSubscriptions -= 1
      active = false
      unsubscribe()
    }
  }
}

async function send(text: string) {
  await userEvent.type(screen.getByRole("textbox", { name: "Message" }), `${text}{Enter}`)
}

/** A Storage-shaped map, so the test owns what persists between "page loads". */
function memoryStorage() {
  const values = new Map<string, string>()
  return {
    getItem: (key: string) => values.get(key) ?? null,
    setItem: (key: string, value: string) => void values.set(key, value),
    removeItem: (key: string) => void values.delete(key),
  }
}

describe("ChatProvider", () => {
  it("keeps one chat per provider: two views on a page do not share state", async () => {
    render(
      <>
        <div data-testid="left">
          <ChatView adapter={new MemoryAdapter({ tokenDelayMs: 0 })} title="Left" />
        </div>
        <div data-testid="right">
          <ChatView adapter={new MemoryAdapter({ tokenDelayMs: 0 })} title="Right" />
        </div>
      </>,
    )
    const left = within(screen.getByTestId("left"))
    const right = within(screen.getByTestId("right"))
    await userEvent.type(left.getByRole("textbox", { name: "Message" }), "only on the left{Enter}")
    await left.findByText("Here is what I found", {}, { timeout: 10_000 })
    expect(right.queryByText("only on the left")).toBeNull()
    right.getByText("How can I help?")
  })

  it("works under StrictMode: one live subscription, no warnings, the answer shows", async () => {
    const warnings: unknown[][] = []
    const warn = vi.spyOn(console, "warn").mockImplementation((...args) => warnings.push(args))
    const error = vi.spyOn(console, "error").mockImplementation((...args) => warnings.push(args))
    try {
      const adapter = new CountingMemoryAdapter({ tokenDelayMs: 0 })
      render(
        <StrictMode>
          <ChatView adapter={adapter} />
        </StrictMode>,
      )
      await send("hello")
      await screen.findByText("Here is what I found", {}, { timeout: 10_000 })
      // One controller listens, once, to every agent (StrictMode's second effect left nothing behind).
      expect(adapter.liveSubscriptions).toBe(1)
      expect(warnings).toEqual([])
    } finally {
      warn.mockRestore()
      error.mockRestore()
    }
  })

  it("subscribes to nothing while rendering (a render React throws away leaks nothing)", () => {
    const adapter = new CountingMemoryAdapter({ tokenDelayMs: 0 })
    renderToString(<ChatView adapter={adapter} />)
    expect(adapter.liveSubscriptions).toBe(0)
  })

  it("stops listening when it unmounts", async () => {
    const adapter = new CountingMemoryAdapter({ tokenDelayMs: 0 })
    const view = render(<ChatView adapter={adapter} />)
    await send("hello")
    await screen.findByText("Here is what I found", {}, { timeout: 10_000 })
    view.unmount()
    expect(adapter.liveSubscriptions).toBe(0)
  })

  it("restores persisted conversations on the next mount, in its first render", async () => {
    const storage = memoryStorage()
    const persist = chatPersistence({ name: "ui-test", storage, writeDelayMs: 0 })
    const first = render(
      <ChatView adapter={new MemoryAdapter({ tokenDelayMs: 0 })} persist={persist} />,
    )
    await send("remember me")
    await within(screen.getByRole("log")).findByText(
      /watch the tokens arrive/,
      {},
      { timeout: 10_000 },
    )
    await waitFor(() => expect(storage.getItem("ui-test")).toMatch(/remember me/))
    first.unmount()

    render(
      <StrictMode>
        <ChatView adapter={new MemoryAdapter({ tokenDelayMs: 0 })} persist={persist} />
      </StrictMode>,
    )
    // Read at once, without waiting: the thread is never drawn empty first.
    screen.getByText("remember me")
    within(screen.getByRole("log")).getByText(/watch the tokens arrive/)
    // The restored conversation goes on with the new adapter.
    await send("and now a card")
    await screen.findByRole("button", { name: "Refresh" }, { timeout: 10_000 })
  })

  it("shows the avatars it is given beside each author's messages", async () => {
    render(
      <ChatView
        adapter={new MemoryAdapter({ tokenDelayMs: 0 })}
        userAvatar={<span>ME</span>}
        assistantAvatar={<span>AI</span>}
      />,
    )
    await send("hello")
    await within(screen.getByRole("log")).findByText(
      /watch the tokens arrive/,
      {},
      { timeout: 10_000 },
    )
    screen.getByText("ME")
    screen.getByText("AI")
  })
})
