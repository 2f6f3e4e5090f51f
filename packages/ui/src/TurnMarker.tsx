import type { TurnMarker as TurnMarkerState } from "@aichatkit/store"
import { forwardRef, useId } from "react"
import { cx } from "./class-names.js"
import { useChatContext } from "./context.js"
import { useChatSelector, useConversationId } from "./hooks/store-hooks.js"
import { useFocusRescue } from "./hooks/use-focus-rescue.js"
import { settle } from "./settle.js"

/** Props of {@link TurnMarker}. */
export interface TurnMarkerProps {
  /** The item the marker follows. */
  itemId: string
  /** Its conversation (the active one by default). */
  conversationId?: string | undefined
  /** Extra class on the marker. */
  className?: string | undefined
}

/** The marker that follows `itemId`, read as an own property (item ids come from the wire). */
function useTurnMarker(itemId: string, conversationId?: string): TurnMarkerState | undefined {
  const id = useConversationId(conversationId)
  return useChatSelector((state) => {
    const markers = id === undefined ? undefined : state.conversations[id]?.turnMarkers
    return markers && Object.hasOwn(markers, itemId) ? markers[itemId] : undefined
  })
}

/**
 * What became of a turn that did not end well, after its last item: "Not answered" with the
 * reason and, on the latest turn while it is still failed, Retry; or "Stopped". It stays when
 * the error banner is dismissed, when the next message is sent and across a reload (with
 * `persist`: a typed message's latest failure comes back failed, with Retry). A voice message
 * restored from storage lost its recording, a message with files its files: it says so (and,
 * no longer the latest, offers no Retry).
 * Nothing for other items.
 */
export const TurnMarker = forwardRef<HTMLDivElement, TurnMarkerProps>(function TurnMarker(
  { itemId, conversationId, className },
  ref,
) {
  const { controller, labels } = useChatContext()
  const id = useConversationId(conversationId)
  const marker = useTurnMarker(itemId, id)
  const failedNow = useChatSelector(
    (state) => id !== undefined && state.conversations[id]?.run.status === "error",
  )
  // Retry removes the marker: focus stays in the chat, not on the page.
  const retryRef = useFocusRescue<HTMLButtonElement>()
  // Retry is described by what failed, so it is told apart from the error banner's Retry.
  const textId = useId()
  if (!marker) return null
  if (marker.status === "stopped") {
    return (
      <div
        ref={ref}
        className={cx("aichatkit-turn-marker", "aichatkit-turn-marker--stopped", className)}
      >
        {labels.turnStopped}
      </div>
    )
  }
  return (
    <div
      ref={ref}
      className={cx("aichatkit-turn-marker", "aichatkit-turn-marker--failed", className)}
    >
      <span id={textId} className="aichatkit-turn-marker-text">
        {labels.turnFailed} {marker.error.message}
        {marker.recordingNotKept ? ` ${labels.recordingNotKept}` : null}
        {marker.attachmentsNotKept ? ` ${labels.attachmentsNotKept}` : null}
      </span>
      {marker.latest && failedNow && (
        <button
          ref={retryRef}
          type="button"
          aria-describedby={textId}
          className="aichatkit-button"
          onClick={() => settle(controller.retry(id))}
        >
          {labels.retry}
        </button>
      )}
    </div>
  )
})
TurnMarker.displayName = "TurnMarker"
