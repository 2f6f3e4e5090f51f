import { cleanup, render, screen } from "@testing-library/react"
import { Profiler } from "react"
import { afterEach, describe, expect, it, vi } from "vitest"
import { ChatProvider } from "./ChatProvider.js"
import { MessageList } from "./MessageList.js"
import { createHarness, waitForRun } from "./testdata/chat-harness.js"

/** Renders of `MessageList` itself: it is the one caller of `useItemIds`. */
const listRenders = vi.hoisted(() => ({ count: 0 }))
vi.mock("./hooks/store-hooks.js", async (importOriginal) => {
  const hooks = await importOriginal<typeof import("./hooks/store-hooks.js")>()
  return {
    ...hooks,
    useItemIds: (...args: Parameters<typeof hooks.useItemIds>) => {
      listRenders.count += 1
      return hooks.useItemIds(...args)
    },
  }
})

afterEach(cleanup)

describe("MessageList's announcer", () => {
  it("reads a finished answer into its live region without rendering the list", async () => {
    const { controller } = createHarness()
    /** For each commit: whether the announcer held a sentence, and the list's renders so far. */
    const commits: { announced: boolean; listRenders: number }[] = []
    render(
      <ChatProvider controller={controller}>
        <Profiler
          id="chat"
          onRender={() => {
            const region = document.querySelector(".aichatkit-announcer")
            commits.push({
              announced: (region?.textContent ?? "") !== "",
              listRenders: listRenders.count,
            })
          }}
        >
          <MessageList />
        </Profiler>
      </ChatProvider>,
    )
    void controller.send("hello")
    await waitForRun(controller, "idle")
    await screen.findByText(/^Assistant: /)

    const first = commits.findIndex((commit) => commit.announced)
    expect(first).toBeGreaterThan(0)
    // The commit that read the answer out rendered the region alone: the list (with its
    // virtualizer and every row's props) rendered no more than in the commit before it.
    expect(commits[first]?.listRenders).toBe(commits[first - 1]?.listRenders)
  })
})
