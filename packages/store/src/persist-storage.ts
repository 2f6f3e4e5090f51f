/**
 * The storage side of chat persistence: JSON in and out, writes deferred and coalesced, and
 * nothing lost silently. Over the storage quota, what fits is kept by one rule (below) and the
 * user is told; data this version could not read is never overwritten.
 */
import type { AdapterError } from "@aichatkit/types"
import type { PersistStorage, StateStorage, StorageValue } from "zustand/middleware"
import type { PersistedRefs } from "./persist.js"
import { compactChatState } from "./persist.js"
import type { PersistedChatState } from "./persist-types.js"

/** What the storage shares with the rest of persistence. */
export interface PersistChannel {
  /** Writes are refused: what is stored could not be read, and must not be overwritten. */
  locked: boolean
  /** Tells the user (as the store's adapter-wide error). */
  report(error: AdapterError): void
}

export function warn(message: string, detail?: unknown): void {
  if (detail === undefined) console.warn(`aichatkit: ${message}`)
  else console.warn(`aichatkit: ${message}`, detail)
}

/** The storage key a copy of unreadable data is kept under, before it is replaced. */
export function unreadableCopyName(name: string): string {
  return `${name}:unreadable`
}

function isQuotaError(error: unknown): boolean {
  const { name, code } = (error ?? {}) as { name?: unknown; code?: unknown }
  return (
    name === "QuotaExceededError" ||
    name === "NS_ERROR_DOM_QUOTA_REACHED" ||
    code === 22 ||
    code === 1014
  )
}

function isStreaming(refs: PersistedRefs): boolean {
  for (const id of refs.conversationOrder) {
    const status = refs.conversations[id]?.run.status
    if (status === "streaming" || status === "submitted") return true
  }
  return false
}

/**
 * Writes `state`; over the quota, keeps what fits by this rule: the items of the least
 * recently updated conversations are left out first (the conversation's id, title and dates
 * are still saved, so it stays listed), the active conversation's last. Returns how many
 * conversations lost their items; throws when not even that fits, or for any other failure.
 */
export function writeWithinQuota(
  storage: StateStorage,
  name: string,
  state: PersistedChatState,
  version: number | undefined,
): number {
  const texts = state.conversations.map((conversation) => JSON.stringify(conversation))
  // A conversation left out keeps its title and dates only: no items, no other versions.
  const shells = state.conversations.map(
    ({ branches: _branches, feedback: _feedback, ...conversation }) =>
      JSON.stringify({ ...conversation, items: [] }),
  )
  // Indexes in eviction order: least recently updated first, the active one last.
  const order = state.conversations
    .map((conversation, index) => ({ conversation, index }))
    .sort((a, b) => {
      const activeA = a.conversation.id === state.activeConversationId ? 1 : 0
      const activeB = b.conversation.id === state.activeConversationId ? 1 : 0
      if (activeA !== activeB) return activeA - activeB
      return a.conversation.updatedAt < b.conversation.updatedAt ? -1 : 1
    })
    .map(({ index }) => index)
  const active =
    state.activeConversationId === undefined
      ? ""
      : `,"activeConversationId":${JSON.stringify(state.activeConversationId)}`
  const attempt = (evicted: number): boolean => {
    const leftOut = new Set(order.slice(0, evicted))
    const parts = texts.map((text, index) => (leftOut.has(index) ? shells[index] : text))
    const text = `{"state":{"conversations":[${parts.join(",")}]${active}},"version":${JSON.stringify(version ?? 0)}}`
    try {
      const result = storage.setItem(name, text)
      if (result instanceof Promise)
        result.catch((error) => warn("could not save conversations.", error))
      return true
    } catch (error) {
      if (!isQuotaError(error)) throw error
      return false
    }
  }
  if (attempt(0)) return 0
  // Fewer items always take less room: the smallest number to leave out, by bisection.
  let low = 1
  let high = order.length
  if (!attempt(high))
    throw new DOMException("Not even the conversation list fits.", "QuotaExceededError")
  while (low < high) {
    const middle = Math.floor((low + high) / 2)
    if (attempt(middle)) high = middle
    else low = middle + 1
  }
  attempt(low)
  return low
}

function quotaError(evicted: number): AdapterError {
  return {
    code: "STORAGE_ERROR",
    message: `The browser's storage for this site is full: the messages of the ${evicted} least recently used conversation${evicted === 1 ? "" : "s"} were not saved and will be missing after a reload. Delete conversations you no longer need to make room.`,
    retryable: false,
  }
}

const notSaved: AdapterError = {
  code: "STORAGE_ERROR",
  message:
    "Conversations could not be saved (the browser's storage is full or unavailable); they will be gone after a reload.",
  retryable: false,
}

/**
 * Whether `value` is stored chat data: `{ state, version }`, and at this version, a list of
 * conversations (another version's shape is for `migrate` to judge).
 */
function isStoredValue(value: unknown, version: number): boolean {
  if (typeof value !== "object" || value === null || !("state" in value)) return false
  const stored = value as { state: unknown; version?: unknown }
  if (stored.version !== version) return true
  const state = stored.state as { conversations?: unknown } | null
  return typeof state === "object" && state !== null && Array.isArray(state.conversations)
}

/**
 * The stored value under `name` read back (the stored, compact form; `merge` checks and
 * rebuilds it), or null: an unreadable one is moved aside with a warning.
 */
function parseStored(
  storage: StateStorage,
  channel: PersistChannel,
  version: number,
  name: string,
  text: string | null,
): StorageValue<PersistedRefs> | null {
  if (text === null) return null
  try {
    const value: unknown = JSON.parse(text)
    if (isStoredValue(value, version)) return value as StorageValue<PersistedRefs>
  } catch {
    // Reported below, like any other unreadable value.
  }
  // Kept aside rather than deleted: someone may still want to recover it.
  const copy = unreadableCopyName(name)
  warn(
    `stored chat data under "${name}" is not readable; it was moved to "${copy}" and conversations start empty.`,
  )
  try {
    Promise.resolve(storage.setItem(copy, text))
      .then(() => storage.removeItem(name))
      .catch(() => undefined)
  } catch {
    // No room for the copy either: leave the original where it is, and never write over it.
    channel.locked = true
  }
  return null
}

/** A JSON storage that never throws: bad JSON is kept aside with a warning, writes are coalesced. */
export function safeJsonStorage(
  storage: StateStorage,
  writeDelayMs: number,
  channel: PersistChannel,
  version: number,
): PersistStorage<PersistedRefs> {
  let pending: { name: string; value: StorageValue<PersistedRefs> } | undefined
  let scheduled = false
  let listening = false
  /** The last problem the user was told about, so one problem is reported once. */
  let reported: string | undefined
  const tell = (error: AdapterError | undefined) => {
    if (error?.message === reported) return
    reported = error?.message
    if (error) channel.report(error)
  }
  const write = () => {
    scheduled = false
    if (!pending || channel.locked) return
    const { name, value } = pending
    pending = undefined
    try {
      const evicted = writeWithinQuota(storage, name, compactChatState(value.state), value.version)
      if (evicted > 0) warn(`storage is full; left out the items of ${evicted} conversation(s).`)
      tell(evicted > 0 ? quotaError(evicted) : undefined)
    } catch (error) {
      warn("could not save conversations (storage full or unavailable).", error)
      tell(notSaved)
    }
  }
  const parse = (name: string, text: string | null) =>
    parseStored(storage, channel, version, name, text)
  return {
    getItem(name) {
      try {
        const text = storage.getItem(name)
        if (typeof text === "string" || text === null) return parse(name, text)
        return Promise.resolve(text).then((value) => parse(name, value))
      } catch (error) {
        warn("could not read stored conversations; starting empty.", error)
        return null
      }
    },
    setItem(name, value) {
      pending = { name, value }
      if (!listening) {
        listening = true
        // A page going away does not wait for the timer: write what is pending now.
        const target = globalThis as {
          addEventListener?: (type: string, listener: () => void) => void
        }
        target.addEventListener?.("pagehide", write)
      }
      if (writeDelayMs <= 0) write()
      // While an answer streams, serializing the whole history every pause would cost more
      // than it saves: the write waits for the run to end (or the page to go away).
      else if (isStreaming(value.state)) return
      else if (!scheduled) {
        scheduled = true
        setTimeout(write, writeDelayMs)
      }
    },
    removeItem(name) {
      pending = undefined
      if (channel.locked) return
      return storage.removeItem(name)
    },
  }
}
