/**
 * What a user can do with an item after it arrived: copy a message, rate an answer, edit a
 * sent message, regenerate an answer, and move between the versions an edit or a regeneration
 * left. Loaded lazily by `ItemRenderer`, so an app pays for it only once messages show.
 */
import type { MessageFeedback } from "@aichatkit/network-adapter"
import { selectBranchPosition, selectIsLastAnswer } from "@aichatkit/store"
import type { ChatResponseItem } from "@aichatkit/types"
import { useState } from "react"
import { cx } from "../class-names.js"
import { useChatContext } from "../context.js"
import { useChatSelector, useConversationId } from "../hooks/store-hooks.js"
import { settle } from "../settle.js"
import { BranchPicker } from "./BranchPicker.js"
import { MessageActionButtons } from "./MessageActionButtons.js"
import { MessageEditor } from "./MessageEditor.js"

/** Props of {@link ItemActions}. */
export interface ItemActionsProps {
  item: ChatResponseItem
  /** Its conversation (the active one by default). */
  conversationId?: string | undefined
  /** Whether the item is still arriving: it offers nothing until it is whole. */
  streaming: boolean
}

function ItemActions({ item, conversationId, streaming }: ItemActionsProps) {
  const { controller, labels, onFeedback } = useChatContext()
  const id = useConversationId(conversationId)
  const [editing, setEditing] = useState(false)
  const position = useChatSelector((state) =>
    id === undefined ? undefined : selectBranchPosition(state, id, item.id),
  )
  const running = useChatSelector((state) => {
    const status = id === undefined ? undefined : state.conversations[id]?.run.status
    return status === "submitted" || status === "streaming"
  })
  const feedback = useChatSelector((state) => {
    const ratings = id === undefined ? undefined : state.conversations[id]?.feedback
    return ratings !== undefined && Object.hasOwn(ratings, item.id) ? ratings[item.id] : undefined
  })
  const { branching, regenerateLast, attachments } = controller.adapter.capabilities
  // A server that keeps the conversation can answer its last message again, no earlier one.
  const lastAnswer = useChatSelector(
    (state) =>
      branching !== true &&
      regenerateLast === true &&
      id !== undefined &&
      selectIsLastAnswer(state, id, item.id),
  )
  if (streaming || id === undefined) return null
  const fileNames = item.type === "message" ? (item.attachments ?? []).map((file) => file.name) : []
  // An edit sends the message's files again; an adapter that cannot send files would lose them.
  const canEdit = branching === true && !running && (fileNames.length === 0 || attachments === true)
  const target = { conversationId: id }
  const rate = (value: MessageFeedback) => {
    const next = feedback === value ? null : value
    onFeedback?.({ conversationId: id, itemId: item.id, feedback: next, item })
    settle(controller.giveFeedback(item.id, next, target))
  }
  return (
    <div
      className={cx(
        "aichatkit-item-actions",
        item.type === "message" && item.role === "user" && "aichatkit-item-actions--user",
      )}
    >
      {position === undefined ? null : (
        <BranchPicker
          position={position}
          disabled={running}
          focusKey={`${id} ${position.at}`}
          onSelect={(index) => controller.selectBranch(item.id, index, target)}
          labels={labels}
        />
      )}
      {item.type !== "message" || item.role === "system" ? null : editing ? (
        <MessageEditor
          initialText={item.content}
          fileNames={fileNames}
          labels={labels}
          onCancel={() => setEditing(false)}
          onSubmit={(text) => {
            setEditing(false)
            settle(controller.editMessage(item.id, text, target))
          }}
        />
      ) : (
        <MessageActionButtons
          item={item}
          feedback={feedback}
          canEdit={canEdit}
          canRegenerate={(branching === true || lastAnswer) && !running}
          onRate={rate}
          onEdit={() => setEditing(true)}
          onRegenerate={() => settle(controller.regenerate(item.id, target))}
          labels={labels}
        />
      )}
    </div>
  )
}
ItemActions.displayName = "ItemActions"

export default ItemActions
