/**
 * A long thread opened before the virtualized layout has been fetched: in a file of its own,
 * so the lazily loaded module is not there yet when the test renders (modules are per file).
 * `MessageList.first-scroll.test.tsx` is the same thread scrolled before the page is idle.
 */
import { act, cleanup } from "@testing-library/react"
import { afterEach, describe, expect, it, vi } from "vitest"
import {
  holdIdleCallbacks,
  renderLongThread,
  shownIds,
  virtualized,
} from "./testdata/long-thread.js"

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

describe("MessageList, first frame of a long thread", () => {
  it("shows the newest items at once, and hands over to the virtualized layout when idle", async () => {
    const idle = holdIdleCallbacks()
    const { log, ids } = renderLongThread()
    expect(log.dataset.virtualized).toBe("true")
    // The first commit: the newest items, in order, and only a handful of them.
    const shown = shownIds(log)
    expect(shown.length).toBeGreaterThan(0)
    expect(shown.length).toBeLessThan(50)
    expect(shown).toEqual(ids.slice(-shown.length))
    // The layout's chunk arrives; the items on screen stay until the page is idle.
    await act(() => import("./VirtualItems.js"))
    expect(virtualized(log)).toBe(false)
    expect(idle.length).toBeGreaterThan(0)
    act(() => {
      for (const callback of idle.splice(0)) callback()
    })
    expect(virtualized(log)).toBe(true)
    expect(log.querySelectorAll(".aichatkit-item").length).toBeLessThan(100)
  })
})
