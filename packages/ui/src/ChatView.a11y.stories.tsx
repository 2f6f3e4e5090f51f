import type { ChatController } from "@aichatkit/store"
import { createScriptedAgent, type ScriptedAgent } from "@aichatkit/testing"
import type { Meta, StoryObj } from "@storybook/react-vite"
import { expect, userEvent, waitFor, within } from "storybook/test"
import { ChatView } from "./ChatView.js"
import { recordAnnouncements } from "./testdata/announcement-recorder.js"
import { createConversation } from "./testdata/conversation.js"
import { StoryChat, seedConversation } from "./testdata/story-chat.js"

const meta = {
  title: "Chat/ChatView/Accessibility",
  component: ChatView,
} satisfies Meta<typeof ChatView>
export default meta
type Story = StoryObj<typeof meta>

/**
 * The scripted agent, held after its first event until the story releases it: the thinking
 * indicator then always shows before the answer starts, however fast or slow the machine.
 */
function gatedAgent(
  agent: ScriptedAgent,
  gate: { release?: (() => void) | undefined },
): ScriptedAgent {
  return {
    async *respond(input) {
      let first = true
      for await (const event of agent.respond(input)) {
        yield event
        if (first) {
          first = false
          await new Promise<void>((resolve) => {
            gate.release = resolve
          })
          gate.release = undefined
        }
      }
    },
  }
}

const gate: { release?: (() => void) | undefined } = {}
let turnController: ChatController | undefined

const runStatus = () => {
  const state = turnController?.store.getState()
  const id = state?.activeConversationId
  return id === undefined ? undefined : state?.conversations[id]?.run.status
}

const TEXT_TURN = [
  "Thinking…",
  "Assistant: Here is what I found\nThe scripted agent answers every message the same way, so tests and stories can rely on it. Call adapter.sendMessage() and watch the tokens arrive.\nMessages stream token by token\nTool calls report their progress\nCards carry buttons and links\ncode block, 2 lines\nRead more in the aichatkit README.",
]
const TOOL_TURN = [
  "Thinking…",
  "Running weather…",
  "weather finished",
  "Assistant: It is 7 °C with light rain in Oslo right now. Take an umbrella.",
]
const FAILED_TURN = [
  "Thinking…",
  "The agent failed while answering (a scripted failure: the message asked for an error). Send the message again to retry.",
]

/**
 * One text turn, one tool turn, one failed turn and one stopped turn, each checked against the
 * exact list of what the live regions announce (the sequences of issue 12).
 */
export const AnnouncedTurns: Story = {
  render: (args) => (
    <StoryChat
      adapterOptions={{ agent: gatedAgent(createScriptedAgent({ tokenDelayMs: 30 }), gate) }}
      setup={({ controller }) => {
        turnController = controller
      }}
    >
      {(controller) => <ChatView {...args} controller={controller} />}
    </StoryChat>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const input = canvas.getByRole("textbox", { name: "Message" })
    await waitFor(() => expect(turnController).toBeDefined())

    /** Sends `text`, lets the answer start once "Thinking…" was announced, returns the recorder. */
    const turn = async (text: string) => {
      const recorder = recordAnnouncements(canvasElement)
      await userEvent.type(input, `${text}{Enter}`)
      await waitFor(() => expect(recorder.texts).toContain("Thinking…"))
      await waitFor(() => expect(gate.release).toBeDefined(), { timeout: 10_000 })
      gate.release?.()
      return recorder
    }
    const settled = async (
      recorder: ReturnType<typeof recordAnnouncements>,
      status: string,
      last: string,
    ) => {
      await waitFor(() => expect(runStatus()).toBe(status), { timeout: 15_000 })
      await waitFor(() => expect(recorder.texts.at(-1)).toBe(last), { timeout: 10_000 })
      recorder.stop()
      return recorder.texts
    }

    const text = await turn("hello")
    await expect(await settled(text, "idle", TEXT_TURN.at(-1)!)).toEqual(TEXT_TURN)

    const tool = await turn("what is the weather? use the tool")
    await expect(await settled(tool, "idle", TOOL_TURN.at(-1)!)).toEqual(TOOL_TURN)

    const failed = await turn("please error")
    await expect(await settled(failed, "error", FAILED_TURN.at(-1)!)).toEqual(FAILED_TURN)

    const stopped = await turn("be slow")
    await canvas.findByText(/This answer arrives/, {}, { timeout: 10_000 })
    await userEvent.click(canvas.getByRole("button", { name: "Stop" }))
    const stoppedTexts = await settled(stopped, "cancelled", "Stopped")
    const state = turnController!.store.getState()
    const conversation = state.conversations[state.activeConversationId!]!
    const answer = conversation.items[conversation.itemIds.at(-1)!]
    const partial = answer?.type === "message" ? answer.content : ""
    await expect(partial).toMatch(/^This answer arrives/)
    await expect(stoppedTexts).toEqual([
      "Thinking…",
      `Assistant: ${partial.replaceAll("**", "").replaceAll("\n\n", "\n").trim()}`,
      "Stopped",
    ])
  },
}

const thread = createConversation(40, { idPrefix: "jump" })

/** "Jump to latest" removes itself once used: focus goes to the list, not to <body>. */
export const JumpToLatestKeepsFocus: Story = {
  render: (args) => (
    <StoryChat seed={seedConversation(thread)}>
      {(controller) => <ChatView {...args} controller={controller} />}
    </StoryChat>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const log = canvas.getByRole("log")
    await waitFor(() => expect(log.scrollHeight).toBeGreaterThan(log.clientHeight))
    log.scrollTop = 0
    log.dispatchEvent(new Event("scroll"))
    const jump = await canvas.findByRole("button", { name: "Jump to latest" })
    jump.focus()
    await userEvent.keyboard("{Enter}")
    await waitFor(() => expect(canvas.queryByRole("button", { name: "Jump to latest" })).toBeNull())
    await expect(document.activeElement).toBe(log)
  },
}
