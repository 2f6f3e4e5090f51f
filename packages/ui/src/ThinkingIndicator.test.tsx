import { act, cleanup, render, screen, waitFor } from "@testing-library/react"
import { Profiler } from "react"
import { afterEach, describe, expect, it } from "vitest"
import { ChatProvider } from "./ChatProvider.js"
import { ThinkingIndicator } from "./ThinkingIndicator.js"
import { activeConversation, createHarness, waitForRun } from "./testdata/chat-harness.js"

afterEach(cleanup)

describe("ThinkingIndicator", () => {
  it("clears its words with the turn's end, in the one commit that ends it", async () => {
    // No token for a minute: the turn thinks until the test ends it.
    const { controller } = createHarness({ tokenDelayMs: 60_000 })
    let renders = 0
    render(
      <ChatProvider controller={controller}>
        <Profiler id="indicator" onRender={() => renders++}>
          <ThinkingIndicator />
        </Profiler>
      </ChatProvider>,
    )
    void controller.send("hello")
    await screen.findByText("Thinking…")
    await waitFor(() => expect(activeConversation(controller)?.run.runId).toBeDefined())
    const { agentId, run } = activeConversation(controller) ?? { run: {} }
    if (agentId === undefined || run.runId === undefined) throw new Error("no run under way")

    renders = 0
    act(() => {
      controller.store.getState().dispatch({
        type: "run-finished",
        agentId,
        runId: run.runId as string,
        status: "ok",
      })
    })
    expect(screen.queryByText("Thinking…")).toBeNull()
    // Words kept in step with the run in an effect would render (and commit) a second time,
    // and a whole chat with them, in the frame that ends every turn.
    expect(renders).toBe(1)
    await waitForRun(controller, "idle")
  })
})
