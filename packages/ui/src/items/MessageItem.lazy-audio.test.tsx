/**
 * A message's audio while the player's chunk is still on its way: the placeholder keeps the
 * player's box (its classes and parts, so the same CSS rules), hidden from assistive
 * technology and out of the tab order, so the message does not jump when the player arrives
 * and nothing is announced or focusable twice.
 */
import type { MessageItem as MessageItemData } from "@aichatkit/types"
import { cleanup, render, screen } from "@testing-library/react"
import { afterEach, describe, expect, it, vi } from "vitest"
import { MessageItem } from "./MessageItem.js"

/** Holds the AudioPlayer chunk back until the test lets it arrive. */
const chunk = vi.hoisted(() => {
  let arrive = () => {}
  const arrived = new Promise<void>((resolve) => {
    arrive = resolve
  })
  return { arrived, arrive: () => arrive() }
})

vi.mock("./AudioPlayer.js", async (importOriginal) => {
  await chunk.arrived
  return importOriginal()
})

afterEach(cleanup)

const spoken = (id: string, audio: MessageItemData["audio"]): MessageItemData => ({
  id,
  type: "message",
  role: "assistant",
  content: "",
  // From history: the player does not start by itself.
  timestamp: "2026-01-01T00:00:00.000Z",
  ...(audio ? { audio } : {}),
})

/** The player's box in `root`: its classes and the classes of its parts, in order. */
function box(player: Element | undefined) {
  return {
    className: player?.className.replace(" aichatkit-audio--loading", ""),
    parts: [...(player?.children ?? [])].map((part) => part.className),
    text: player?.textContent,
  }
}

const players = (root: HTMLElement) => [...root.querySelectorAll(".aichatkit-audio")].map(box)

describe("MessageItem: audio before the player's chunk arrives", () => {
  it("reserves the player's box (toggle and duration, or a voice message's line), then shows the player in its place", async () => {
    const playable = { mediaType: "audio/wav", chunks: ["UklGRg=="], durationMs: 2400 }
    const { container } = render(
      <>
        <MessageItem item={spoken("m1", playable)} />
        <MessageItem item={spoken("m2", { mediaType: "audio/wav", dropped: true })} />
      </>,
    )
    const placeholders = [...container.querySelectorAll(".aichatkit-audio--loading")]
    expect(placeholders.map((placeholder) => placeholder.getAttribute("aria-hidden"))).toEqual([
      "true",
      "true",
    ])
    const expected = [
      {
        className: "aichatkit-audio",
        parts: ["aichatkit-button aichatkit-audio-toggle", "aichatkit-audio-duration"],
        text: "2.4 s",
      },
      {
        className: "aichatkit-audio aichatkit-audio--recorded",
        parts: ["aichatkit-audio-icon", "aichatkit-audio-label"],
        text: "Audio not kept",
      },
    ]
    expect(players(container)).toEqual(expected)
    // The look-alike toggle is neither focusable nor announced; neither is the line.
    const lookAlike = placeholders[0]?.querySelector("button")
    expect(lookAlike?.disabled).toBe(true)
    expect(lookAlike?.tabIndex).toBe(-1)
    expect(screen.queryAllByRole("button")).toEqual([])
    expect(screen.queryByText("Audio not kept", { ignore: "[aria-hidden] *" })).toBeNull()

    chunk.arrive()
    await screen.findByRole("button", { name: "Play audio" })
    expect(container.querySelector(".aichatkit-audio--loading")).toBeNull()
    expect(players(container)).toEqual(expected)
    expect(screen.getAllByRole("button")).toHaveLength(1)
    expect(screen.getAllByText("Audio not kept", { ignore: "[aria-hidden] *" })).toHaveLength(1)
  })
})
