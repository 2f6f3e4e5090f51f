import type { MessageItem as MessageItemData } from "@aichatkit/types"
import { forwardRef, memo, type ReactNode, useMemo } from "react"
import { cx } from "../class-names.js"
import type { Labels } from "../labels.js"
import { modifier } from "./class-names.js"
import { resolveItemLabels, roleLabel } from "./labels.js"
import { Markdown } from "./Markdown.js"
import { formatTimestamp } from "./timestamp.js"

/** Props of {@link MessageItem}. */
export interface MessageItemProps {
  /** The message to show. */
  item: MessageItemData
  /** Whether the message is still being written (caret, `aria-busy`). */
  streaming?: boolean
  /** Shown beside the message (an `<img>`, initials, an icon). */
  avatar?: ReactNode
  /** Whether to show when the message was written. */
  showTimestamp?: boolean
  /** Strings to replace. */
  labels?: Partial<Labels> | undefined
  /** Extra class names for the root element. */
  className?: string
}

const MessageItemBase = forwardRef<HTMLElement, MessageItemProps>(function MessageItem(
  { item, streaming = false, avatar, showTimestamp = false, labels, className },
  ref,
) {
  const text = useMemo(() => resolveItemLabels(labels), [labels])
  const time = showTimestamp ? formatTimestamp(item.timestamp) : undefined
  const author = roleLabel(text, item.role)
  return (
    <article
      ref={ref}
      className={cx(
        "aichatkit-message",
        `aichatkit-message--${modifier(item.role)}`,
        streaming && "aichatkit-message--streaming",
        className,
      )}
      aria-label={author}
      aria-busy={streaming || undefined}
      data-item-id={item.id}
    >
      {avatar === undefined || avatar === null || avatar === false ? null : (
        <div className="aichatkit-message-avatar" aria-hidden="true">
          {avatar}
        </div>
      )}
      <div className="aichatkit-message-body">
        <div className="aichatkit-message-bubble">
          {item.role === "user" ? (
            <p className="aichatkit-message-text">{item.content}</p>
          ) : (
            <Markdown text={item.content} streaming={streaming} labels={text} />
          )}
        </div>
        {time === undefined ? null : (
          <time className="aichatkit-message-time" dateTime={time.dateTime} title={time.full}>
            {time.short}
          </time>
        )}
        {streaming ? <span className="aichatkit-visually-hidden">{text.streaming}</span> : null}
      </div>
    </article>
  )
})
MessageItemBase.displayName = "MessageItem"

/**
 * A chat message: user text as written (plain, line breaks kept), assistant and system text
 * as markdown, with an optional avatar and timestamp and a caret while it streams.
 */
export const MessageItem = memo(MessageItemBase)
MessageItem.displayName = "MessageItem"
