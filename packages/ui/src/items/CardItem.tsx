import type { Card, CardAction, CardItem as CardItemData } from "@aichatkit/types"
import { forwardRef, memo, useId, useMemo } from "react"
import { cx } from "../class-names.js"
import type { Labels } from "../labels.js"
import { modifier } from "./class-names.js"
import { JsonValue } from "./JsonValue.js"
import { isRecord } from "./json.js"
import { type ItemLabels, resolveItemLabels } from "./labels.js"
import { safeUrl } from "./safe-url.js"

/** Props of {@link CardItem}. */
export interface CardItemProps {
  /** The card to show. */
  item: CardItemData
  /** Called when the user presses one of the card's `button` actions. */
  onAction?: (action: CardAction, card: Card) => void
  /** Strings to replace. */
  labels?: Partial<Labels> | undefined
  /** Extra class names for the root element. */
  className?: string
}

interface ActionProps {
  action: CardAction
  card: Card
  onAction: CardItemProps["onAction"]
  labels: ItemLabels
}

function CardActionControl({ action, card, onAction, labels }: ActionProps) {
  const noteId = useId()
  if (action.type === "link") {
    const url = safeUrl(action.action)
    if (url !== undefined) {
      return (
        <a
          className="aichatkit-card-action aichatkit-card-action--link"
          href={url}
          target="_blank"
          rel="noopener noreferrer"
        >
          {action.label}
        </a>
      )
    }
    return (
      <span className="aichatkit-card-action-blocked">
        <button
          type="button"
          className="aichatkit-card-action aichatkit-card-action--link aichatkit-card-action--blocked"
          disabled
          aria-describedby={noteId}
        >
          {action.label}
        </button>
        <span id={noteId} className="aichatkit-card-action-note">
          {labels.unsafeLink}
        </span>
      </span>
    )
  }
  return (
    <button
      type="button"
      className="aichatkit-card-action aichatkit-card-action--button"
      disabled={onAction === undefined}
      onClick={() => onAction?.(action, card)}
    >
      {action.label}
    </button>
  )
}

const CardItemBase = forwardRef<HTMLElement, CardItemProps>(function CardItem(
  { item, onAction, labels, className },
  ref,
) {
  const text = useMemo(() => resolveItemLabels(labels), [labels])
  const titleId = useId()
  const { card } = item
  const title = typeof card.title === "string" && card.title !== "" ? card.title : undefined
  const actions = Array.isArray(card.actions) ? card.actions : []
  const empty = !isRecord(card.content) || Object.keys(card.content).length === 0
  return (
    <article
      ref={ref}
      className={cx("aichatkit-card", `aichatkit-card--${modifier(card.type)}`, className)}
      aria-labelledby={title === undefined ? undefined : titleId}
      aria-label={title === undefined ? text.card : undefined}
      data-card-type={card.type}
      data-item-id={item.id}
    >
      {title === undefined ? null : (
        <p id={titleId} className="aichatkit-card-title">
          {title}
        </p>
      )}
      <div className="aichatkit-card-content">
        {empty ? (
          <p className="aichatkit-json-empty">{text.cardEmpty}</p>
        ) : (
          <JsonValue value={card.content} labels={text} />
        )}
      </div>
      {actions.length === 0 ? null : (
        // biome-ignore lint/a11y/useSemanticElements: a fieldset is for form controls
        <div className="aichatkit-card-actions" role="group" aria-label={text.cardActions}>
          {actions.map((action, index) => (
            <CardActionControl
              key={action.id || index}
              action={action}
              card={card}
              onAction={onAction}
              labels={text}
            />
          ))}
        </div>
      )}
    </article>
  )
})
CardItemBase.displayName = "CardItem"

/**
 * A card: title, its content as a readable default for any JSON, and actions: buttons call
 * `onAction(action, card)`; links open only http(s) and mailto URLs.
 */
export const CardItem = memo(CardItemBase)
CardItem.displayName = "CardItem"
