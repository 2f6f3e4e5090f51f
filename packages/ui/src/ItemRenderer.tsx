import type { Card, CardAction } from "@aichatkit/types"
import { type ComponentType, forwardRef, lazy, memo, Suspense, useCallback } from "react"
import { useChatContext } from "./context.js"
import { useIsStreaming, useItem, useUploads } from "./hooks/store-hooks.js"
import { useToolCallAnswer } from "./hooks/use-tool-call-answer.js"
import { ItemErrorBoundary } from "./ItemErrorBoundary.js"
import { CardItem, MessageItem, ToolCallItem } from "./items/index.js"
import { ToolCallAnswerControls } from "./items/ToolApproval.js"
import { settle } from "./settle.js"

// Copy, rating, edit, regenerate and the branch picker load with the first finished item.
const ItemActions = lazy(() => import("./actions/ItemActions.js"))

/**
 * The app's renderer for a tool name or card type. Both come from the wire: a tool called
 * `constructor` must not find `Object` on the map's prototype and render it.
 */
function ownRenderer<Props>(
  map: Record<string, ComponentType<Props>> | undefined,
  name: unknown,
): ComponentType<Props> | undefined {
  return map !== undefined && typeof name === "string" && Object.hasOwn(map, name)
    ? map[name]
    : undefined
}

/** Props of {@link ItemRenderer}. */
export interface ItemRendererProps {
  /** The id of the item to draw. */
  itemId: string
  /** Its conversation (the active one by default). */
  conversationId?: string | undefined
  /** Extra class on the item's wrapper. */
  className?: string | undefined
}

/**
 * Draws one item of a conversation: reads it by id (so only this item re-renders when a
 * token arrives for it) and picks `renderers.message`, `renderers.toolCall[name]` or
 * `renderers.card[type]` when given, else the default component.
 */
export const ItemRenderer = memo(
  forwardRef<HTMLDivElement, ItemRendererProps>(function ItemRenderer(
    { itemId, conversationId, className },
    ref,
  ) {
    // Over 60 lines: one switch over the item kinds picking each one's renderer, after hooks every item runs.
    const {
      controller,
      renderers,
      labels,
      onCardAction,
      userAvatar,
      assistantAvatar,
      resolveAttachmentUrl,
    } = useChatContext()
    const item = useItem(itemId, conversationId)
    const streaming = useIsStreaming(itemId, conversationId)
    const uploads = useUploads(itemId, conversationId)
    const answer = useToolCallAnswer(
      item?.type === "tool_call" ? item : undefined,
      conversationId,
      streaming,
    )
    const onAction = useCallback(
      (action: CardAction, card: Card) => {
        onCardAction?.(action, card)
        settle(controller.handleCardAction(action, card, conversationId))
      },
      [controller, onCardAction, conversationId],
    )
    if (!item) return null

    let body: React.ReactNode
    switch (item.type) {
      case "message": {
        const Message = renderers.message ?? MessageItem
        const avatar =
          item.role === "user"
            ? userAvatar
            : item.role === "assistant"
              ? assistantAvatar
              : undefined
        body = (
          <Message
            item={item}
            streaming={streaming}
            avatar={avatar}
            labels={labels}
            resolveAttachmentUrl={resolveAttachmentUrl}
            uploads={uploads}
          />
        )
        break
      }
      case "tool_call": {
        const Custom = ownRenderer(renderers.toolCall, item.toolCall.name)
        // An app's renderer draws the call; the answer's controls follow it, so it needs none.
        body = Custom ? (
          <>
            <Custom item={item} labels={labels} respond={answer.respond} />
            <ToolCallAnswerControls item={item} answer={answer} labels={labels} />
          </>
        ) : (
          <ToolCallItem item={item} labels={labels} respond={answer.respond}>
            {answer.element}
          </ToolCallItem>
        )
        break
      }
      case "card": {
        const CardComponent = ownRenderer(renderers.card, item.card.type) ?? CardItem
        body = <CardComponent item={item} onAction={onAction} labels={labels} />
        break
      }
    }
    return (
      <div
        ref={ref}
        className={className ? `aichatkit-item ${className}` : "aichatkit-item"}
        data-item-id={itemId}
        aria-busy={streaming || undefined}
      >
        <ItemErrorBoundary item={item} labels={labels}>
          {body}
        </ItemErrorBoundary>
        {streaming ? null : (
          // A message keeps the row's height while the chunk loads: rows that grew all at once
          // would move a list pinned to its bottom (and a virtualized one's measurements).
          <Suspense
            fallback={
              item.type === "message" ? (
                <div className="aichatkit-item-actions" aria-hidden="true" />
              ) : null
            }
          >
            <ItemActions item={item} conversationId={conversationId} streaming={streaming} />
          </Suspense>
        )}
      </div>
    )
  }),
)
ItemRenderer.displayName = "ItemRenderer"
