import type { ConversationSummary } from "@aichatkit/store"
import { act, cleanup, render, screen } from "@testing-library/react"
import { afterEach, describe, expect, it } from "vitest"
import { ChatProvider } from "../ChatProvider.js"
import { createHarness } from "../testdata/chat-harness.js"
import { seedConversation } from "../testdata/story-chat.js"
import { useConversations } from "./store-hooks.js"

afterEach(cleanup)

const seen: Array<readonly ConversationSummary[]> = []
function ConversationTitles() {
  const conversations = useConversations()
  seen.push(conversations)
  return (
    <ul>
      {conversations.map((conversation) => (
        <li key={conversation.id}>
          {conversation.title} ({conversation.runStatus}
          {conversation.isActive ? ", active" : ""})
        </li>
      ))}
    </ul>
  )
}

describe("useConversations", () => {
  it("re-renders when what a list shows changes, never per streamed token", () => {
    const { controller } = createHarness()
    const { dispatch } = controller.store.getState()
    dispatch(seedConversation([], { id: "first", title: "First", agentId: "agent-1" }))
    dispatch(seedConversation([], { id: "second", title: "Second", agentId: "agent-2" }))
    seen.length = 0
    render(
      <ChatProvider controller={controller}>
        <ConversationTitles />
      </ChatProvider>,
    )
    expect(screen.getAllByRole("listitem").map((row) => row.textContent)).toEqual([
      "Second (idle, active)",
      "First (idle)",
    ])

    // A turn starts: the status shows, so the list renders once.
    act(() => {
      dispatch({ type: "run-started", agentId: "agent-2", runId: "run-1" })
      dispatch({
        type: "item-added",
        agentId: "agent-2",
        runId: "run-1",
        item: {
          id: "answer",
          type: "message",
          role: "assistant",
          content: "",
          timestamp: "2026-01-01T00:00:00Z",
        },
      })
    })
    expect(screen.getAllByRole("listitem")[0]?.textContent).toBe("Second (streaming, active)")
    const rendersBeforeTokens = seen.length

    // 50 tokens, each its own store update: nothing the list shows changes.
    for (let index = 0; index < 50; index++) {
      act(() =>
        dispatch({
          type: "text-delta",
          agentId: "agent-2",
          runId: "run-1",
          itemId: "answer",
          delta: `token ${index} `,
        }),
      )
    }
    const conversation = controller.store.getState().conversations.second
    expect(conversation?.items.answer).toMatchObject({
      content: expect.stringContaining("token 49"),
    })
    expect(seen.length).toBe(rendersBeforeTokens)

    // A rename renders once; the other conversation's summary keeps its identity.
    const before = seen.at(-1)!
    act(() => controller.renameConversation("first", "Renamed"))
    expect(seen.length).toBe(rendersBeforeTokens + 1)
    const after = seen.at(-1)!
    expect(after[1]?.title).toBe("Renamed")
    expect(after[0]).toBe(before[0])
    expect(screen.getAllByRole("listitem")[1]?.textContent).toBe("Renamed (idle)")
  })
})
