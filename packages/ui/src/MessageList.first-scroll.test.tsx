/** A long thread scrolled before the page is idle (see `MessageList.first-frame.test.tsx`). */
import { act, cleanup, fireEvent } from "@testing-library/react"
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

describe("MessageList, a long thread scrolled before the page is idle", () => {
  it("hands over to the virtualized layout at once", async () => {
    holdIdleCallbacks()
    const { log } = renderLongThread()
    expect(shownIds(log).length).toBeLessThan(50)
    await act(() => import("./VirtualItems.js"))
    expect(virtualized(log)).toBe(false)
    act(() => {
      fireEvent.scroll(log)
    })
    expect(virtualized(log)).toBe(true)
  })
})
