/**
 * A long thread of short messages in a tall viewport, before the virtualized layout has been
 * fetched (see `MessageList.first-frame.test.tsx`): enough newest items to fill the viewport.
 */
import { cleanup } from "@testing-library/react"
import { afterEach, describe, expect, it, vi } from "vitest"
import { holdIdleCallbacks, renderLongThread, shownIds } from "./testdata/long-thread.js"

const ITEM_HEIGHT = 40
const VIEWPORT_HEIGHT = 600

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

/** Gives the log a layout happy-dom does not compute: a tall viewport, 40 px per item. */
function layOutLogs() {
  const isLog = (element: HTMLElement) =>
    element.classList.contains("aichatkit-message-list-viewport")
  vi.spyOn(HTMLElement.prototype, "clientHeight", "get").mockImplementation(function (
    this: HTMLElement,
  ) {
    return isLog(this) ? VIEWPORT_HEIGHT : 0
  })
  vi.spyOn(HTMLElement.prototype, "scrollHeight", "get").mockImplementation(function (
    this: HTMLElement,
  ) {
    return isLog(this) ? this.querySelectorAll(".aichatkit-item").length * ITEM_HEIGHT : 0
  })
}

describe("MessageList, first frame of a long thread of short messages", () => {
  it("renders enough of the newest items to fill the viewport, not a fixed few", () => {
    holdIdleCallbacks()
    layOutLogs()
    const { log, ids } = renderLongThread()
    const shown = shownIds(log)
    expect(shown.length * ITEM_HEIGHT).toBeGreaterThan(VIEWPORT_HEIGHT)
    expect(shown.length).toBeLessThan(50)
    expect(shown).toEqual(ids.slice(-shown.length))
  })
})
