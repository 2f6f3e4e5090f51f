import type { MessageItem as MessageItemData } from "@aichatkit/types"
import { forwardRef, lazy, memo, type ReactNode, Suspense, useMemo } from "react"
import { cx } from "../class-names.js"
import type { Labels } from "../labels.js"
import { AttachmentsPlaceholder } from "./AttachmentsPlaceholder.js"
import { AudioPlayerPlaceholder } from "./AudioPlayerPlaceholder.js"
import type { ResolveAttachmentUrl } from "./attachment-url.js"
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
  /** The app's hook for attachment URLs (signed URLs); see `ChatProvider`. */
  resolveAttachmentUrl?: ResolveAttachmentUrl | undefined
  /** The upload percent of its files by attachment id, while the message is sent. */
  uploads?: Readonly<Record<string, number>> | undefined
}

// Loaded the first time a message has files: apps whose chats carry none never download it.
const Attachments = lazy(() => import("./Attachments.js"))
// Loaded the first time a message has audio, likewise.
const AudioPlayer = lazy(() => import("./AudioPlayer.js"))

/**
 * Whether an agent's spoken answer plays by itself when it appears: if it arrived while this
 * page was open. "Still streaming" is not enough: on a slow frame a whole short answer lands
 * in one store update and is never seen streaming. An answer from history does not start
 * talking; the player keeps one that has played from starting again when scrolled back.
 */
function arrivedSpoken(item: MessageItemData, streaming: boolean): boolean {
  if (item.role !== "assistant") return false
  return streaming || Date.parse(item.timestamp) >= performance.timeOrigin
}

const MessageItemBase = forwardRef<HTMLElement, MessageItemProps>(function MessageItem(
  {
    item,
    streaming = false,
    avatar,
    showTimestamp = false,
    labels,
    className,
    resolveAttachmentUrl,
    uploads,
  },
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
        {item.audio ? (
          <Suspense fallback={<AudioPlayerPlaceholder audio={item.audio} labels={labels} />}>
            <AudioPlayer
              audio={item.audio}
              streaming={streaming}
              autoplay={arrivedSpoken(item, streaming)}
              playbackKey={item.id}
              labels={labels}
            />
          </Suspense>
        ) : null}
        {item.content === "" && (item.attachments?.length || item.audio) ? null : (
          <div className="aichatkit-message-bubble">
            {item.role === "user" ? (
              <p className="aichatkit-message-text">{item.content}</p>
            ) : (
              <Markdown text={item.content} streaming={streaming} labels={text} />
            )}
          </div>
        )}
        {item.attachments?.length ? (
          <Suspense
            fallback={
              <AttachmentsPlaceholder
                attachments={item.attachments}
                resolveAttachmentUrl={resolveAttachmentUrl}
              />
            }
          >
            <Attachments
              attachments={item.attachments}
              resolveAttachmentUrl={resolveAttachmentUrl}
              labels={labels}
              uploads={uploads}
            />
          </Suspense>
        ) : null}
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
