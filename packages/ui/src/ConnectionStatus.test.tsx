import { MemoryAdapter, SeedStyleMemoryAdapter } from "@aichatkit/testing"
import { cleanup, render, screen, waitFor } from "@testing-library/react"
import { userEvent } from "@testing-library/user-event"
import { afterEach, describe, expect, it } from "vitest"
import { ChatView } from "./ChatView.js"

afterEach(cleanup)

/** The connection badge's text ("" when it shows nothing). */
function badgeText(): string {
  const badge = document.querySelector(".aichatkit-connection")
  return badge?.textContent ?? ""
}

async function send(text: string) {
  await userEvent.type(screen.getByRole("textbox", { name: "Message" }), `${text}{Enter}`)
}

describe("ConnectionStatus", () => {
  it("shows no badge for an adapter that never reports a connection (the seed's kind)", async () => {
    render(<ChatView adapter={new SeedStyleMemoryAdapter()} />)
    expect(badgeText()).toBe("")
    await send("hello")
    await waitFor(
      () => expect(screen.getByRole("log").textContent).toMatch(/Here is what I found/),
      { timeout: 10_000 },
    )
    expect(badgeText()).toBe("")
    expect(screen.queryByText("Offline")).toBeNull()
  })

  it("shows nothing before the first connection, then Connecting and Connected", async () => {
    const seen = new Set<string>()
    const observer = new MutationObserver(() => seen.add(badgeText()))
    render(<ChatView adapter={new MemoryAdapter({ tokenDelayMs: 0 })} />)
    expect(badgeText()).toBe("")
    observer.observe(document.body, { subtree: true, childList: true, characterData: true })
    await send("hello")
    await waitFor(() => expect(badgeText()).toBe("Connected"))
    observer.disconnect()
    expect(seen.has("Connecting")).toBe(true)
    expect(seen.has("Offline")).toBe(false)
  })

  it("says Offline once a connection that was tried has closed", async () => {
    render(<ChatView adapter={new MemoryAdapter({ tokenDelayMs: 0, failConnect: true })} />)
    await send("hello")
    await waitFor(() => expect(badgeText()).toBe("Offline"))
  })
})
