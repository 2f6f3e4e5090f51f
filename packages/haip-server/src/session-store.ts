/**
 * Where a server keeps what must outlive one process: who owns a session, which instance runs
 * it (its home), the frames it sent (the replay window) and the client frames that reached
 * another instance. The default, `memoryStore()`, keeps nothing outside the process: the
 * server then runs exactly as it always did. A shared store (`redisStore` from
 * `@aichatkit/haip-server/redis`) lets a client resume on any instance: the session keeps
 * running on its home instance, the other one relays its frames from the store and the
 * client's frames to it, and takes the session over only when the home instance is dead.
 */
import type { SentFrame } from "./replay-window.js"

/** A session as the store knows it. */
export interface StoredSession {
  id: string
  /** The identity that opened it ("" for an open server's sessions): only it may resume. */
  owner: string
  /** The instance that runs its transactions. */
  home: string
}

/** A message for the session's home instance from the instance the client is attached to. */
export type InboundMessage =
  | { kind: "attach"; via: string; hai: unknown }
  | { kind: "frame"; via: string; text: string }
  | { kind: "detach"; via: string }

/** A running read of a session's frames: the backlog, then each new frame once, in order. */
export interface FrameTail {
  close(): void
}

/** Replay window caps, as the in-memory window has them. */
export interface StoredWindow {
  maxFrames: number
  maxAgeMs: number
}

export interface SessionStore {
  /** False for a store only this process sees: the server then keeps everything in memory. */
  readonly shared: boolean
  /** This instance's id, unique among the instances sharing the store. */
  readonly instanceId: string
  saveSession(session: StoredSession, ttlMs: number): Promise<void>
  loadSession(id: string): Promise<StoredSession | undefined>
  /** Makes `home` the session's home if `previous` still is (one instance wins a takeover). */
  takeOver(id: string, previous: string, home: string): Promise<boolean>
  deleteSession(id: string): Promise<void>
  /** Appends a sent frame to the session's window; calls for one session keep their order. */
  appendFrame(sessionId: string, frame: SentFrame, window: StoredWindow): void
  /** Frames with seq >= `from`, oldest first (a resume's backlog). */
  readFrames(sessionId: string, from: number): Promise<SentFrame[]>
  /** Every frame with seq >= `from`, each once, in order: the backlog then new ones. */
  tailFrames(
    sessionId: string,
    from: number,
    onFrame: (frame: SentFrame) => void,
    onError: (error: Error) => void,
  ): FrameTail
  sendInbound(sessionId: string, message: InboundMessage): void
  /** Receives the messages for a session this instance is home to; returns the unsubscribe. */
  onInbound(sessionId: string, handler: (message: InboundMessage) => void): () => void
  /**
   * Settles once the `onInbound` handlers of the session have had every message sent before the
   * call. The home awaits it before a client resumes there: an attach a relay sent earlier,
   * handled later, would take the session away from the resumed connection. A store without
   * it risks that race.
   */
  inboundCaughtUp?(sessionId: string): Promise<void>
  /** Whether an instance still beats (its heartbeat is renewed every `heartbeatMs`). */
  isAlive(instanceId: string): Promise<boolean>
  /** How often the instance renews its heartbeat; it is dead after three missed ones. */
  readonly heartbeatMs: number
  close(): Promise<void>
}

/**
 * The default store: nothing leaves the process. It answers as a store with no other instance
 * would, so a server given it behaves exactly as one given no store at all.
 */
export function memoryStore(): SessionStore {
  return {
    shared: false,
    instanceId: "memory",
    heartbeatMs: 0,
    saveSession: async () => {},
    loadSession: async () => undefined,
    takeOver: async () => false,
    deleteSession: async () => {},
    appendFrame: () => {},
    readFrames: async () => [],
    tailFrames: () => ({ close() {} }),
    sendInbound: () => {},
    onInbound: () => () => {},
    isAlive: async (instanceId) => instanceId === "memory",
    close: async () => {},
  }
}
