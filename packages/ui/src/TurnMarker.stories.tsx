import type { Meta, StoryObj } from "@storybook/react-vite"
import { type ReactNode, useEffect, useState } from "react"
import { expect, within } from "storybook/test"
import { useChatSelector } from "./hooks/store-hooks.js"
import { TurnMarker, type TurnMarkerProps } from "./TurnMarker.js"
import { PartFrame } from "./testdata/part-frame.js"
import {
  restoredController,
  storedFilesFailure,
  storedTypedFailure,
  storedVoiceFailure,
} from "./testdata/restored-chat.js"
import { StoryChat } from "./testdata/story-chat.js"

/** The marker after whichever item the active conversation's turn marker follows. */
function MarkedTurn(props: Omit<TurnMarkerProps, "itemId">): ReactNode {
  const itemId = useChatSelector((state) => {
    const id = state.activeConversationId
    const markers = id === undefined ? undefined : state.conversations[id]?.turnMarkers
    return markers === undefined ? undefined : Object.keys(markers)[0]
  })
  return itemId === undefined ? null : <TurnMarker {...props} itemId={itemId} />
}

/**
 * What became of a turn that did not end well, after its last item: "Not answered" with the
 * reason (and Retry while it is the latest failed turn), or "Stopped". `MessageList` places it;
 * on its own it takes the `itemId` it follows.
 */
const meta = {
  title: "Parts/TurnMarker",
  component: TurnMarker,
  args: { itemId: "" },
} satisfies Meta<typeof TurnMarker>
export default meta
type Story = StoryObj<typeof meta>

/** The latest turn failed: the reason, and Retry. */
export const NotAnswered: Story = {
  render: ({ itemId: _itemId, ...args }) => (
    <StoryChat
      adapterOptions={{ tokenDelayMs: 0 }}
      setup={({ controller }) => void controller.send("Book the ferry — and show me an error")}
    >
      {(controller) => (
        <PartFrame controller={controller}>
          <MarkedTurn {...args} />
        </PartFrame>
      )}
    </StoryChat>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const marker = await canvas.findByText(/^Not answered/, {}, { timeout: 10_000 })
    await expect(marker.closest(".aichatkit-turn-marker")).toHaveTextContent(/The agent failed/)
    await expect(canvas.getByRole("button", { name: "Retry" })).toBeVisible()
  },
}

/** The user stopped the answer half-way. */
export const Stopped: Story = {
  render: ({ itemId: _itemId, ...args }) => (
    <StoryChat
      adapterOptions={{ tokenDelayMs: 20 }}
      setup={({ controller }) => {
        // Stopped as soon as the answer has begun, as a user pressing Stop would.
        const stop = controller.store.subscribe((state) => {
          const conversation = state.conversations[state.activeConversationId ?? ""]
          const last = conversation?.items[conversation.itemIds.at(-1) ?? ""]
          if (last?.type === "message" && last.role === "assistant" && last.content !== "") {
            stop()
            controller.cancel()
          }
        })
        void controller.send("Tell me about the fjords, slowly").catch(() => undefined)
      }}
    >
      {(controller) => (
        <PartFrame controller={controller}>
          <MarkedTurn {...args} />
        </PartFrame>
      )}
    </StoryChat>
  ),
  play: async ({ canvasElement }) => {
    await expect(
      await within(canvasElement).findByText("Stopped", {}, { timeout: 10_000 }),
    ).toBeVisible()
  },
}

/** A chat restored from storage holding `conversation`, as after a reload. */
function RestoredChat({
  conversation,
  children,
}: {
  conversation: Record<string, unknown>
  children: ReactNode
}): ReactNode {
  const [controller] = useState(() => restoredController(conversation))
  useEffect(() => () => controller.dispose(), [controller])
  return <PartFrame controller={controller}>{children}</PartFrame>
}

/** A typed message that failed, after a reload: the reason, and Retry sends it again. */
export const NotAnsweredAfterReload: Story = {
  render: ({ itemId: _itemId, ...args }) => (
    <RestoredChat conversation={storedTypedFailure}>
      <MarkedTurn {...args} />
    </RestoredChat>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const marker = await canvas.findByText(/^Not answered/)
    await expect(marker).toHaveTextContent(/The connection to the server was lost/)
    await expect(canvas.getByRole("button", { name: "Retry" })).toBeVisible()
  },
}

/** A voice message that failed, after a reload: its recording was not kept, so no Retry. */
export const RecordingNotKept: Story = {
  render: ({ itemId: _itemId, ...args }) => (
    <RestoredChat conversation={storedVoiceFailure}>
      <MarkedTurn {...args} />
    </RestoredChat>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const marker = await canvas.findByText(/record it again/)
    await expect(marker).toHaveTextContent(/^Not answered: The connection to the server was lost/)
    await expect(canvas.queryByRole("button", { name: "Retry" })).toBeNull()
  },
}

/** A message with files that failed, after a reload: its files were not kept, so no Retry. */
export const AttachmentsNotKept: Story = {
  render: ({ itemId: _itemId, ...args }) => (
    <RestoredChat conversation={storedFilesFailure}>
      <MarkedTurn {...args} />
    </RestoredChat>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const marker = await canvas.findByText(/attach them again/)
    await expect(marker).toHaveTextContent(/^Not answered: The connection to the server was lost/)
    await expect(canvas.queryByRole("button", { name: "Retry" })).toBeNull()
  },
}
