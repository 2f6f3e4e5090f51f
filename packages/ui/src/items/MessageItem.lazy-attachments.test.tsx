/**
 * A message's files while their list's chunk is still on its way: the placeholder keeps each
 * image's frame and each file's chip in place, so the message does not grow when the list
 * arrives (the real box sizes are items.css's, checked in items-css.test.ts).
 */
import type { MessageItem as MessageItemData } from "@aichatkit/types"
import { cleanup, render, screen } from "@testing-library/react"
import { afterEach, describe, expect, it, vi } from "vitest"
import { MessageItem } from "./MessageItem.js"

/** Holds the Attachments chunk back until the test lets it arrive. */
const chunk = vi.hoisted(() => {
  let arrive = () => {}
  const arrived = new Promise<void>((resolve) => {
    arrive = resolve
  })
  return { arrived, arrive: () => arrive() }
})

vi.mock("./Attachments.js", async (importOriginal) => {
  await chunk.arrived
  return importOriginal()
})

afterEach(cleanup)

const pixel = "data:image/png;base64,iVBORw0KGgo="

const message: MessageItemData = {
  id: "m1",
  type: "message",
  role: "user",
  content: "Here they are",
  timestamp: "2026-01-01T00:00:00.000Z",
  attachments: [
    { id: "a1", name: "red.png", mediaType: "image/png", url: pixel },
    { id: "a2", name: "notes.pdf", mediaType: "application/pdf", url: "https://files.test/n.pdf" },
    // An image whose URL may not render shows as a chip, in the placeholder too.
    { id: "a3", name: "odd.png", mediaType: "image/png", url: "javascript:alert(1)" },
  ],
}

describe("MessageItem: files before their list's chunk arrives", () => {
  it("reserves each image's frame and each file's chip, then shows the list in their place", async () => {
    const { container } = render(<MessageItem item={message} uploads={{ a2: 40 }} />)
    const placeholder = container.querySelector(".aichatkit-attachments--loading")
    expect(placeholder?.getAttribute("aria-hidden")).toBe("true")
    const slots = [...(placeholder?.children ?? [])].map((slot) => ({
      className: slot.className,
      parts: [...slot.children].map((part) => part.className),
      frame:
        slot.querySelector(".aichatkit-attachment-image > .aichatkit-attachment-frame") !== null,
    }))
    expect(slots).toEqual([
      {
        className: "aichatkit-attachment",
        parts: ["aichatkit-attachment-image"],
        frame: true,
      },
      {
        className: "aichatkit-attachment",
        parts: ["aichatkit-attachment-file"],
        frame: false,
      },
      {
        className: "aichatkit-attachment",
        parts: ["aichatkit-attachment-file"],
        frame: false,
      },
    ])
    expect(screen.queryByRole("img")).toBeNull()

    chunk.arrive()
    await screen.findByRole("img", { name: "red.png" })
    expect(container.querySelector(".aichatkit-attachments--loading")).toBeNull()
    expect(screen.getByRole("list", { name: "Attachments" }).children).toHaveLength(3)
  })
})
