/**
 * The SSE wire's chat sessions, bounded like HAIP's: at most `maxSessions` (the least recently
 * used goes first), each forgotten after `idleTtlMs` without use, and each keeping at most
 * `maxSessionBytes` of transcript (the oldest messages and items go first).
 */
import type { ChatResponseItem } from "@aichatkit/types"
import type { HairaMessage } from "./sse-haira.js"
import type { Run } from "./sse-runs.js"

/** A chat session, as `GET /_api/chats/{id}` shows it. */
export interface Session {
  id: string
  createdAt: string
  updatedAt: string
  messages: HairaMessage[]
  items: ChatResponseItem[]
  /** The latest run: the only one a client can resume. */
  run?: Run
  /** When it was last used, for eviction (ms since the epoch). */
  usedAt: number
}

/** The bounds of a {@link SessionStore}. */
export interface SessionLimits {
  /** Sessions kept at once (default 1000). */
  maxSessions: number
  /** Characters of transcript (messages and items, as JSON) one session keeps (default 1 MiB). */
  maxSessionBytes: number
  /** How long an unused session is kept, in ms (default 1 hour). */
  idleTtlMs: number
}

export const DEFAULT_SESSION_LIMITS: Readonly<SessionLimits> = {
  maxSessions: 1000,
  maxSessionBytes: 1024 * 1024,
  idleTtlMs: 60 * 60_000,
}

const sizeOf = (value: unknown) => JSON.stringify(value)?.length ?? 0

export class SessionStore {
  /** In order of last use, oldest first (a Map keeps insertion order; use re-inserts). */
  private readonly sessions = new Map<string, Session>()

  constructor(
    private readonly limits: SessionLimits,
    /** Called with a session being evicted (its run must stop). */
    private readonly onEvict: (session: Session) => void,
  ) {}

  get size(): number {
    return this.sessions.size
  }

  values(): IterableIterator<Session> {
    this.expire()
    return this.sessions.values()
  }

  /** The session with this id, if kept; counts as a use. */
  get(id: string): Session | undefined {
    this.expire()
    const found = this.sessions.get(id)
    if (found) this.touch(found)
    return found
  }

  /** The session with this id, created on first use (evicting the least recently used when full). */
  ensure(id: string): Session {
    const found = this.get(id)
    if (found) return found
    while (this.sessions.size >= this.limits.maxSessions) {
      const oldest = this.sessions.values().next().value
      if (!oldest) break
      this.evict(oldest)
    }
    const now = new Date().toISOString()
    const session: Session = {
      id,
      createdAt: now,
      updatedAt: now,
      messages: [],
      items: [],
      usedAt: Date.now(),
    }
    this.sessions.set(id, session)
    return session
  }

  delete(id: string): void {
    const found = this.sessions.get(id)
    if (found) this.evict(found)
  }

  /** Drops the oldest messages and items until the transcript fits `maxSessionBytes`. */
  trim(session: Session): void {
    let bytes = sizeOf(session.messages) + sizeOf(session.items)
    while (
      bytes > this.limits.maxSessionBytes &&
      session.messages.length + session.items.length > 0
    ) {
      const dropped =
        session.messages.length >= session.items.length
          ? session.messages.shift()
          : session.items.shift()
      bytes -= sizeOf(dropped) + 1
    }
  }

  private touch(session: Session): void {
    session.usedAt = Date.now()
    this.sessions.delete(session.id)
    this.sessions.set(session.id, session)
  }

  private evict(session: Session): void {
    this.sessions.delete(session.id)
    this.onEvict(session)
  }

  /** Forgets sessions unused for longer than `idleTtlMs` (the oldest are first in the map). */
  private expire(): void {
    const cutoff = Date.now() - this.limits.idleTtlMs
    for (const session of this.sessions.values()) {
      if (session.usedAt >= cutoff) return
      this.evict(session)
    }
  }
}
