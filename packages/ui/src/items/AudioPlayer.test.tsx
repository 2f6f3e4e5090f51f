import type { MessageItem as MessageItemData } from "@aichatkit/types"
import { cleanup, render, screen } from "@testing-library/react"
import { afterEach, describe, expect, it } from "vitest"
import { MessageItem } from "./MessageItem.js"

afterEach(cleanup)

const spoken = (audio: MessageItemData["audio"]): MessageItemData => ({
  id: "a1",
  type: "message",
  role: "assistant",
  content: "Here is a tone.",
  timestamp: "2026-11-23T09:05:00Z",
  ...(audio ? { audio } : {}),
})

describe("a message's audio", () => {
  it("offers play for audio that is here", async () => {
    render(<MessageItem item={spoken({ mediaType: "audio/wav", chunks: ["UklGRg=="] })} />)
    expect(await screen.findByRole("button", { name: "Play audio" })).toBeTruthy()
  })

  it("says audio that was not kept (restored from storage) was there, with nothing to play", async () => {
    render(<MessageItem item={spoken({ mediaType: "audio/wav", dropped: true })} />)
    expect(await screen.findByText("Audio not kept")).toBeTruthy()
    expect(screen.queryByRole("button", { name: "Play audio" })).toBeNull()
    expect(screen.getByText("Here is a tone.")).toBeTruthy()
  })
})
