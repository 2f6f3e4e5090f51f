import {
  forwardRef,
  lazy,
  Suspense,
  useCallback,
  useEffect,
  useId,
  useImperativeHandle,
  useState,
} from "react"
import {
  AttachButtonPlaceholder,
  AttachmentPreviewsPlaceholder,
  VoiceRecorderPlaceholder,
} from "./ComposerPlaceholders.js"
import { cx } from "./class-names.js"
import { useChatContext } from "./context.js"
import { useChat, useConnection } from "./hooks/store-hooks.js"
import { type AttachmentLimits, useAttachmentDraft } from "./hooks/use-attachment-draft.js"
import { useComposer } from "./hooks/use-composer.js"
import { useFocusRescue } from "./hooks/use-focus-rescue.js"
import type { Labels } from "./labels.js"
import { settle } from "./settle.js"

/** Props of {@link Composer}. */
export interface ComposerProps {
  /** The conversation to send to (the active one, or a new one, by default). */
  conversationId?: string | undefined
  /** The textarea's placeholder (defaults to `labels.inputPlaceholder`). */
  placeholder?: string | undefined
  /** Focus the textarea when it mounts. */
  autoFocus?: boolean | undefined
  /** Extra class on the composer's form. */
  className?: string | undefined
  /** What files the composer takes, where the adapter can send them (`capabilities.attachments`). */
  attachments?: AttachmentLimits | undefined
}

// The attachment parts load only when the adapter can send files.
const AttachButton = lazy(() =>
  import("./ComposerAttachments.js").then((module) => ({ default: module.AttachButton })),
)
const AttachmentPreviews = lazy(() =>
  import("./ComposerAttachments.js").then((module) => ({ default: module.AttachmentPreviews })),
)

// The microphone loads only when the adapter can send audio.
const VoiceRecorder = lazy(() => import("./VoiceRecorder.js"))

/** Why sending is not possible right now, or undefined when it is. */
function disabledReason(
  status: string,
  errorMessage: string | undefined,
  labels: Labels,
): string | undefined {
  if (status === "connecting") return labels.disabledConnecting
  if (status === "reconnecting") return labels.disabledReconnecting
  if (status === "closed" && errorMessage !== undefined) {
    return `${labels.disabledClosed} ${errorMessage}`
  }
  return undefined
}

/**
 * What the composer's status region says about the connection: only the changes that stop or
 * restore sending after it worked (a first connect while sending is not worth a word). Each
 * sentence gets a new id, so a second "Connected" is announced too.
 */
function useConnectionAnnouncement(
  status: string,
  reason: string | undefined,
  labels: Labels,
): { id: number; text: string } | undefined {
  const [announcement, setAnnouncement] = useState<{ id: number; text: string }>()
  useEffect(() => {
    if ((status === "reconnecting" || status === "closed") && reason !== undefined) {
      setAnnouncement((last) => ({ id: (last?.id ?? 0) + 1, text: reason }))
    } else if (status === "open") {
      setAnnouncement((last) =>
        last === undefined || last.text === labels.connectionOpen
          ? last
          : { id: last.id + 1, text: labels.connectionOpen },
      )
    }
  }, [status, reason, labels])
  return announcement
}

/**
 * The message input: an autosizing textarea (Enter sends, Shift+Enter new line, IME-safe),
 * a Stop button (and Escape) while a run is active and the adapter can cancel, and a visible
 * reason when the connection does not allow sending. Focus returns to the textarea after
 * sending.
 */
export const Composer = forwardRef<HTMLTextAreaElement, ComposerProps>(function Composer(
  { conversationId, placeholder, autoFocus, className, attachments },
  ref,
) {
  // Over 60 lines: markup of the form (textarea, status, Send/Stop); the behaviour is in useComposer.
  const { labels, controller } = useChatContext()
  const { send, cancel, isRunning, canCancel } = useChat(conversationId)
  const connection = useConnection()
  const reason = disabledReason(connection.status, connection.error?.message, labels)
  const canAttach = controller.adapter.capabilities.attachments === true
  const canSpeak = controller.adapter.capabilities.audio === true
  const draft = useAttachmentDraft(attachments, labels)
  const onSubmit = useCallback(
    (text: string) => {
      const files = draft.take()
      if (files.length === 0) return settle(send(text))
      const target = conversationId === undefined ? {} : { conversationId }
      settle(controller.send(text, { ...target, attachments: files }))
    },
    [send, draft.take, controller, conversationId],
  )
  const canStop = isRunning && canCancel
  const composer = useComposer({
    onSubmit,
    canSubmit: reason === undefined && !isRunning,
    onEscape: canStop ? cancel : undefined,
    allowEmpty: draft.files.length > 0,
  })
  useImperativeHandle(ref, () => composer.textareaRef.current!, [composer.textareaRef])
  const reasonId = useId()
  const announcement = useConnectionAnnouncement(connection.status, reason, labels)
  // Stop turns into the (disabled) Send when the run ends: focus goes to the textarea.
  const stopRef = useFocusRescue<HTMLButtonElement>(() => composer.textareaRef.current)

  return (
    <form
      className={cx(
        "aichatkit-composer",
        reason && "aichatkit-composer--disabled",
        draft.dragging && "aichatkit-composer--dragging",
        className,
      )}
      {...(canAttach
        ? {
            onDragOver: draft.onDragOver,
            onDragLeave: draft.onDragLeave,
            onDrop: draft.onDrop,
            onPaste: draft.onPaste,
          }
        : {})}
      onSubmit={(event) => {
        event.preventDefault()
        composer.submit()
      }}
    >
      {reason && (
        <p id={reasonId} className="aichatkit-composer-reason">
          {reason}
        </p>
      )}
      <div className="aichatkit-visually-hidden" role="status">
        {announcement && <span key={announcement.id}>{announcement.text}</span>}
      </div>
      {canAttach ? (
        <Suspense fallback={<AttachmentPreviewsPlaceholder draft={draft} />}>
          <AttachmentPreviews
            draft={draft}
            labels={labels}
            onEmptied={() => composer.textareaRef.current?.focus()}
          />
        </Suspense>
      ) : null}
      <div className="aichatkit-composer-row">
        {canAttach ? (
          <Suspense fallback={<AttachButtonPlaceholder labels={labels} />}>
            <AttachButton draft={draft} labels={labels} accept={attachments?.accept} />
          </Suspense>
        ) : null}
        <textarea
          ref={composer.textareaRef}
          className="aichatkit-composer-input"
          aria-label={labels.inputLabel}
          aria-describedby={reason ? reasonId : undefined}
          placeholder={placeholder ?? labels.inputPlaceholder}
          rows={1}
          // biome-ignore lint/a11y/noAutofocus: opt-in by the app, for chat-first pages.
          autoFocus={autoFocus}
          value={composer.value}
          onChange={composer.onChange}
          onKeyDown={composer.onKeyDown}
          onCompositionStart={composer.onCompositionStart}
          onCompositionEnd={composer.onCompositionEnd}
        />
        {canSpeak ? (
          <Suspense fallback={<VoiceRecorderPlaceholder />}>
            <VoiceRecorder
              conversationId={conversationId}
              disabled={reason !== undefined || isRunning}
            />
          </Suspense>
        ) : null}
        {canStop ? (
          <button
            ref={stopRef}
            type="button"
            className="aichatkit-button aichatkit-composer-stop"
            onClick={cancel}
          >
            {labels.stop}
          </button>
        ) : (
          <button
            type="submit"
            className="aichatkit-button aichatkit-button--primary aichatkit-composer-send"
            disabled={
              reason !== undefined ||
              isRunning ||
              (composer.value.trim() === "" && draft.files.length === 0)
            }
          >
            {labels.send}
          </button>
        )}
      </div>
    </form>
  )
})
Composer.displayName = "Composer"
