/**
 * Turn markers kept across a reload, so a conversation does not come back with a message left
 * unanswered and no reason, or with a stopped answer that reads as a whole one.
 *
 * Two stored lists, both optional, so a reader that predates either ignores it:
 * - `failedVoiceTurns`: a voice message's recording lives in memory only, so its failed turn
 *   comes back saying it must be recorded again, with no Retry;
 * - `turnMarkers`: failed turns of typed messages (the error and the text Retry sends again)
 *   and stopped answers. When the conversation's latest turn is one of those failures, it
 *   comes back as failed (`run.status: "error"`, the text kept for Retry), so Retry sends the
 *   text again as it would have before the reload. Its error is on the marker only: the error
 *   banner is an alert for what just happened, not for a failure found in storage.
 * A failed turn whose message had files comes back with `attachmentsNotKept` (the files to
 * send lived in memory only): no Retry, the user attaches them again.
 */
import { type AdapterError, isAdapterError, MAX_MESSAGE_TEXT_LENGTH } from "@aichatkit/types"
import { createRecord, ownValue } from "./chat-draft.js"
import type {
  PersistedConversation,
  PersistedFailedVoiceTurn,
  PersistedTurnMarker,
} from "./persist-types.js"
import type { ConversationState, TurnMarker } from "./types.js"

/** The fields of a stored conversation that hold its turn markers, as read: unchecked. */
export interface StoredTurns {
  failedVoiceTurns: unknown
  turnMarkers: unknown
}

/** The conversation's turn markers as they are stored, when it has any on its shown items. */
export function compactTurnMarkers(
  conversation: ConversationState,
): Pick<PersistedConversation, "failedVoiceTurns" | "turnMarkers"> {
  const markers = conversation.turnMarkers
  if (markers === undefined) return {}
  const voiceTurns: PersistedFailedVoiceTurn[] = []
  const turns: PersistedTurnMarker[] = []
  // A marker follows its turn's last item: the turn's message is the user message before it.
  let voiceMessage = false
  for (const itemId of conversation.itemIds) {
    const item = ownValue(conversation.items, itemId)
    if (item?.type === "message" && item.role === "user") voiceMessage = item.audio !== undefined
    const marker = ownValue(markers, itemId)
    if (marker === undefined) continue
    if (marker.status === "stopped") {
      turns.push({ after: itemId, status: "stopped" })
      continue
    }
    const { code, message, retryable } = marker.error
    const error = { code, message, retryable }
    if (voiceMessage) voiceTurns.push({ after: itemId, error })
    else {
      const turn: PersistedTurnMarker = {
        after: itemId,
        status: "failed",
        error,
        message: marker.message,
      }
      // The last turn's failure without Retry: a run an answer to a tool call started.
      if (!marker.latest && itemId === conversation.itemIds.at(-1)) turn.retry = false
      turns.push(turn)
    }
  }
  return {
    ...(voiceTurns.length > 0 ? { failedVoiceTurns: voiceTurns } : {}),
    ...(turns.length > 0 ? { turnMarkers: turns } : {}),
  }
}

/**
 * Puts the stored markers back on `conversation` (restored, its items in place). Entries that
 * do not fit, follow no restored item or repeat one are left out; returns how many.
 */
export function restoreTurnMarkers(stored: StoredTurns, conversation: ConversationState): number {
  const markers = createRecord<TurnMarker>()
  let dropped = 0
  const keep = (after: unknown, marker: TurnMarker | undefined) => {
    const fits =
      marker !== undefined &&
      typeof after === "string" &&
      ownValue(conversation.items, after) !== undefined &&
      ownValue(markers, after) === undefined
    if (fits) markers[after] = marker
    else dropped += 1
  }
  for (const entry of entries(stored.failedVoiceTurns)) {
    const error = storedError(ownValue(entry, "error"))
    // Its recording is gone: no Retry, the user records it again.
    const marker: TurnMarker | undefined = error && {
      status: "failed",
      error,
      message: "",
      latest: false,
      recordingNotKept: true,
    }
    keep(ownValue(entry, "after"), marker)
  }
  let notRetried: unknown
  for (const entry of entries(stored.turnMarkers)) {
    keep(ownValue(entry, "after"), storedMarker(entry))
    if (ownValue(entry, "retry") === false) notRetried = ownValue(entry, "after")
  }
  if (Object.keys(markers).length > 0) {
    markAttachmentsNotKept(conversation, markers)
    conversation.turnMarkers = markers
    // A failed run an answer to a tool call started offered no Retry, and offers none now.
    if (notRetried !== conversation.itemIds.at(-1)) resumeLatestFailure(conversation, markers)
  }
  return dropped
}

/**
 * Marks the failed turns whose message had files: the files to send were in memory only, so
 * Retry cannot send them again, and the user is told to attach them again.
 */
function markAttachmentsNotKept(
  conversation: ConversationState,
  markers: Record<string, TurnMarker>,
): void {
  // A marker follows its turn's last item: the turn's message is the user message before it.
  let withFiles = false
  for (const itemId of conversation.itemIds) {
    const item = ownValue(conversation.items, itemId)
    if (item?.type === "message" && item.role === "user") {
      withFiles = (item.attachments?.length ?? 0) > 0
    }
    const marker = ownValue(markers, itemId)
    if (withFiles && marker?.status === "failed") {
      markers[itemId] = { ...marker, attachmentsNotKept: true }
    }
  }
}

/**
 * The latest turn failed when the conversation's last item carries a failed marker (a new
 * turn adds its message after it, and the controller then marks the failure no longer the
 * latest): it is failed again, so Retry sends its text. Not when its recording or its files
 * were not kept: sending the text without them is not the same message.
 */
function resumeLatestFailure(
  conversation: ConversationState,
  markers: Record<string, TurnMarker>,
): void {
  const lastItemId = conversation.itemIds.at(-1)
  const marker = lastItemId === undefined ? undefined : ownValue(markers, lastItemId)
  if (marker?.status !== "failed" || marker.recordingNotKept || marker.attachmentsNotKept) return
  markers[lastItemId as string] = { ...marker, latest: true }
  conversation.run = { status: "error" }
  conversation.lastFailedMessage = marker.message
}

/** The entries of a stored list (none when it is not a list), each one that is no object as an empty one. */
function entries(stored: unknown): Record<string, unknown>[] {
  if (!Array.isArray(stored)) return []
  return stored.map((entry: unknown) =>
    typeof entry === "object" && entry !== null ? (entry as Record<string, unknown>) : {},
  )
}

/** A stored typed message's failure or stopped answer, as a marker not yet the latest. */
function storedMarker(entry: Record<string, unknown>): TurnMarker | undefined {
  const status = ownValue(entry, "status")
  if (status === "stopped") return { status: "stopped" }
  if (status !== "failed") return undefined
  const error = storedError(ownValue(entry, "error"))
  const message = ownValue(entry, "message")
  if (error === undefined || !isStoredText(message)) return undefined
  return { status: "failed", error, message, latest: false }
}

/** A stored error with only the fields a marker shows, or nothing when it does not fit. */
function storedError(stored: unknown): AdapterError | undefined {
  if (!isAdapterError(stored) || !isStoredText(stored.message)) return undefined
  const { code, message, retryable } = stored
  return { code, message, retryable }
}

/** Text no longer than a message may be (what the reducer lets a message grow to). */
function isStoredText(value: unknown): value is string {
  return typeof value === "string" && value.length <= MAX_MESSAGE_TEXT_LENGTH
}
