/** Small pieces of the controller: ids, titles, and the record of a running turn. */
import type { ConversationState } from "./types.js"

/** One running `send`: aborting `abort` cancels it; `cancelled` makes its late result ignored. */
export interface Turn {
  abort: AbortController
  cancelled: boolean
}

let fallbackIdCounter = 0
/** A unique id: `crypto.randomUUID` where it exists (secure contexts), else time and randomness. */
export function defaultCreateId(): string {
  const crypto = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto
  if (typeof crypto?.randomUUID === "function") return crypto.randomUUID()
  fallbackIdCounter += 1
  return `${Date.now().toString(36)}-${fallbackIdCounter}-${Math.random().toString(36).slice(2, 10)}`
}

const TITLE_LENGTH = 48

/** A conversation title from the first line of a message. */
export function titleFrom(text: string): string {
  const line = text.trim().split("\n")[0] ?? ""
  return line.length > TITLE_LENGTH ? `${line.slice(0, TITLE_LENGTH - 1)}…` : line
}

/** Whether a turn of the conversation is under way. */
export function isRunning(conversation: ConversationState): boolean {
  return conversation.run.status === "submitted" || conversation.run.status === "streaming"
}
