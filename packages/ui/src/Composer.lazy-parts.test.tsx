/**
 * The composer's lazily loaded parts while their chunks are on their way: the attach button,
 * the previews of files dropped before it arrived, and the microphone each keep their box (the
 * same classes, so the same CSS rules, at the same place in the composer), hidden from
 * assistive technology and out of the tab order, so the composer does not jump when they
 * arrive and nothing is announced or focusable twice.
 */
import { createChatController, createChatStore } from "@aichatkit/store"
import { MemoryAdapter } from "@aichatkit/testing"
import { cleanup, createEvent, fireEvent, render, screen } from "@testing-library/react"
import { afterEach, describe, expect, it, vi } from "vitest"
import { ChatView } from "./ChatView.js"

/** Holds each chunk back until the test lets it arrive. */
const chunks = vi.hoisted(() => {
  const held = () => {
    let arrive = () => {}
    const arrived = new Promise<void>((resolve) => {
      arrive = resolve
    })
    return { arrived, arrive: () => arrive() }
  }
  return { attachments: held(), voice: held() }
})

vi.mock("./ComposerAttachments.js", async (importOriginal) => {
  await chunks.attachments.arrived
  return importOriginal()
})
vi.mock("./VoiceRecorder.js", async (importOriginal) => {
  await chunks.voice.arrived
  return importOriginal()
})

afterEach(cleanup)

/** The memory agent, able to take files and audio. */
class FilesAndVoiceAdapter extends MemoryAdapter {
  override readonly capabilities = Object.freeze({
    ...new MemoryAdapter().capabilities,
    attachments: true,
    audio: true,
  })
}

const png = () => new File([new Uint8Array([137, 80, 78, 71])], "photo.png", { type: "image/png" })
const pdf = () => new File(["%PDF-1.7"], "notes.pdf", { type: "application/pdf" })

/**
 * The composer's boxes, in order: each one's classes and its children's. The placeholder's
 * "--loading" mark is left out, its thumbnail frame counts as the thumbnail (items-css.test.ts
 * checks they share one rule), and what takes no room (hidden inputs, visually hidden status
 * lines) is skipped.
 */
function layout(form: HTMLElement) {
  const takesRoom = (element: Element) =>
    !(element instanceof HTMLInputElement && element.hidden) &&
    !element.classList.contains("aichatkit-visually-hidden")
  const shape = (element: Element): unknown => {
    const className =
      element.tagName === "IMG"
        ? "aichatkit-attachment-preview-frame"
        : element.className.replace(/ aichatkit-[a-z-]+--loading/, "")
    const parts = [...element.children].filter(takesRoom).map(shape)
    return parts.length === 0 ? className : { className, parts }
  }
  return [...form.children].filter(takesRoom).map(shape)
}

describe("Composer: its parts before their chunks arrive", () => {
  it("reserves the attach button, the previews and the microphone, then shows them in their place", async () => {
    const adapter = new FilesAndVoiceAdapter({ tokenDelayMs: 0 })
    const controller = createChatController({ adapter, store: createChatStore() })
    const { container } = render(
      <ChatView controller={controller} attachments={{ accept: "image/*" }} />,
    )
    const form = container.querySelector("form") as HTMLFormElement
    // A file dropped before the chunk arrived: one kept, one refused.
    const drop = createEvent.drop(form)
    Object.defineProperty(drop, "dataTransfer", {
      value: { files: [png(), pdf()], types: ["Files"] },
    })
    fireEvent(form, drop)

    const placeholders = [...form.querySelectorAll("[class*='--loading']")]
    expect(placeholders.map((placeholder) => placeholder.className)).toEqual([
      "aichatkit-attachment-previews aichatkit-attachment-previews--loading",
      "aichatkit-button aichatkit-composer-attach aichatkit-composer-attach--loading",
      "aichatkit-voice aichatkit-voice--loading",
    ])
    for (const hidden of form.querySelectorAll("[aria-hidden='true']")) {
      for (const button of hidden.matches("button")
        ? [hidden]
        : hidden.querySelectorAll("button")) {
        expect((button as HTMLButtonElement).disabled).toBe(true)
        expect((button as HTMLButtonElement).tabIndex).toBe(-1)
      }
    }
    expect(form.querySelector(".aichatkit-attachment-refusal")?.getAttribute("aria-hidden")).toBe(
      "true",
    )
    // Nothing of them is announced: the only buttons are the composer's own.
    expect(screen.queryAllByRole("button").map((button) => button.textContent)).toEqual(["Send"])
    expect(screen.queryAllByRole("alert")).toEqual([])
    const before = layout(form)

    chunks.attachments.arrive()
    chunks.voice.arrive()
    await screen.findByRole("button", { name: "Attach files" })
    await screen.findByRole("button", { name: "Record a voice message" })
    expect(form.querySelector("[class*='--loading']")).toBeNull()
    expect(layout(form)).toEqual(before)
    expect(screen.getAllByRole("alert")).toHaveLength(1)
    expect(screen.getAllByRole("list", { name: "Files to send" })).toHaveLength(1)
  })
})
