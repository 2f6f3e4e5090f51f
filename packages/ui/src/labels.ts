/**
 * Every visible or announced string of the chat UI. Pass a partial `labels` prop to
 * `ChatProvider`, `ChatView` or `ChatInterface` to translate or reword them.
 */
import { type ActionLabels, defaultActionLabels } from "./actions/labels.js"
import { type AttachmentLabels, defaultAttachmentLabels } from "./items/attachment-labels.js"
import { defaultItemLabels, type ItemLabels } from "./items/labels.js"
import { defaultVoiceLabels, type VoiceLabels } from "./voice-labels.js"

/** The strings of the core parts, plus those of the item components. */
export interface Labels extends ItemLabels, AttachmentLabels, ActionLabels, VoiceLabels {
  /** The accessible name of the message log. */
  messageLog: string
  /** The button that scrolls back to the newest message. */
  jumpToLatest: string
  /** The composer's textarea placeholder. */
  inputPlaceholder: string
  /** The accessible name of the composer's textarea. */
  inputLabel: string
  /** The send button. */
  send: string
  /** The stop button shown while a run is active. */
  stop: string
  /** Why the composer cannot send while the connection is being made. */
  disabledConnecting: string
  /** Why the composer cannot send while the connection is being restored. */
  disabledReconnecting: string
  /** Why the composer cannot send after the connection closed. */
  disabledClosed: string
  /** The thinking indicator shown before the first token. */
  thinking: string
  /** The retry button of the error banner. */
  retry: string
  /** The dismiss button of the error banner. */
  dismiss: string
  /** The heading of the empty state. */
  emptyTitle: string
  /** The accessible name of the list of suggestions. */
  suggestions: string
  /** Connection badge texts by status. */
  connectionConnecting: string
  connectionOpen: string
  connectionReconnecting: string
  connectionClosed: string
  /** The accessible name of the conversation sidebar. */
  conversations: string
  /** The button that starts a new conversation. */
  newConversation: string
  /** The rename button of a conversation (its title follows). */
  renameConversation: string
  /** The delete button of a conversation (its title follows). */
  deleteConversation: string
  /** The accessible name of the rename field. */
  conversationTitle: string
  /** The button that saves a rename. */
  save: string
  /** The button that abandons a rename. */
  cancel: string
  /** The title of a conversation that has none. */
  untitled: string
  /** The default header title. */
  title: string
  /** Prefix of the live announcement of a finished assistant message. */
  announceAssistant: string
  /** Announced when a tool starts running (`{tool}` is its name). */
  announceToolRunning: string
  /** Announced when a tool finished (`{tool}` is its name). */
  announceToolFinished: string
  /** Announced when a tool failed (`{tool}` is its name). */
  announceToolFailed: string
  /** Announced when a tool call was cancelled (`{tool}` is its name). */
  announceToolCancelled: string
  /** Announced when a card arrives (`{title}` is its title, or `labels.card`). */
  announceCard: string
  /** Announced when the user stopped an answer. */
  announceStopped: string
  /** The skip link that moves focus to the composer. */
  skipToComposer: string
  /** The marker of a failed turn in the transcript (the error's sentence follows). */
  turnFailed: string
  /**
   * After a failed turn's reason, when it was a voice message restored from storage: its
   * recording was not kept, so it cannot be retried.
   */
  recordingNotKept: string
  /**
   * After a failed turn's reason, when its message had files and was restored from storage:
   * the files were not kept, so it cannot be retried.
   */
  attachmentsNotKept: string
  /** The marker of an answer the user stopped. */
  turnStopped: string
  /** The notice after a conversation was deleted (`{title}` is its title). */
  conversationDeleted: string
  /** The button that brings a deleted conversation back. */
  undo: string
}

/** The English defaults. */
export const defaultLabels: Labels = {
  ...defaultItemLabels,
  ...defaultAttachmentLabels,
  ...defaultActionLabels,
  ...defaultVoiceLabels,
  messageLog: "Conversation",
  jumpToLatest: "Jump to latest",
  inputPlaceholder: "Send a message…",
  inputLabel: "Message",
  send: "Send",
  stop: "Stop",
  disabledConnecting: "Connecting to the assistant…",
  disabledReconnecting: "Connection lost; reconnecting…",
  disabledClosed: "Disconnected from the assistant.",
  thinking: "Thinking…",
  retry: "Retry",
  dismiss: "Dismiss",
  emptyTitle: "How can I help?",
  suggestions: "Suggestions",
  connectionConnecting: "Connecting",
  connectionOpen: "Connected",
  connectionReconnecting: "Reconnecting",
  connectionClosed: "Offline",
  conversations: "Conversations",
  newConversation: "New chat",
  renameConversation: "Rename",
  deleteConversation: "Delete",
  conversationTitle: "Conversation title",
  save: "Save",
  cancel: "Cancel",
  untitled: "New conversation",
  title: "Chat",
  announceAssistant: "Assistant:",
  announceToolRunning: "Running {tool}…",
  announceToolFinished: "{tool} finished",
  announceToolFailed: "{tool} failed",
  announceToolCancelled: "{tool} cancelled",
  announceCard: "Card: {title}",
  announceStopped: "Stopped",
  skipToComposer: "Skip to message input",
  turnFailed: "Not answered:",
  recordingNotKept:
    "The recording of this voice message was not kept when the chat reloaded; record it again.",
  attachmentsNotKept:
    "The files of this message were not kept when the chat reloaded; attach them again.",
  turnStopped: "Stopped",
  conversationDeleted: "Conversation deleted: {title}",
  undo: "Undo",
}
