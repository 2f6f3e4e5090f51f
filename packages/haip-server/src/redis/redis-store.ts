// Over 300 lines: one Redis-backed implementation of the SessionStore interface, each method short; the inbound stream reader is already out (inbox.ts).
/**
 * The session store on Redis: a hash per session (owner, home instance), a Redis Stream per
 * session for its sent frames (capped by count on every append and by age now and then, as
 * the in-memory window is), a pub/sub channel per session announcing each appended frame (so
 * a relaying instance gets it at once, and from the stream what it missed), a channel per
 * session for the client's frames that reached another instance, and a heartbeat key per
 * instance.
 */
import { randomUUID } from "node:crypto"
import { Redis, type RedisOptions } from "ioredis"
import type { SentFrame } from "../replay-window.js"
import type {
  FrameTail,
  InboundMessage,
  SessionStore,
  StoredSession,
  StoredWindow,
} from "../session-store.js"
import { Inbox } from "./inbox.js"

/** Options of {@link redisStore}. */
export interface RedisStoreOptions {
  /** `redis://host:port/db`; or pass `redis` options. */
  url?: string
  redis?: RedisOptions
  /** Prefix of every key and channel (default "haip:"). */
  prefix?: string
  /** This instance's id (default: a random UUID). */
  instanceId?: string
  /** How often this instance says it is alive, in ms (default 1000; dead after three misses). */
  heartbeatMs?: number
  /** Called with what Redis failed at (the default logs it). */
  onError?: (error: Error) => void
}

/** Appends between two trims of a stream by age. */
const AGE_TRIM_EVERY = 64
/** Frames read per page when walking a stream back to a seq. */
const PAGE = 200

const RELEASE_IF_HOME = `if redis.call("HGET", KEYS[1], "home") == ARGV[1] then
  redis.call("HSET", KEYS[1], "home", ARGV[2]) return 1 end return 0`

/** A session store on Redis, for `new HAIPServer({ store: redisStore({ url }) })`. */
export function redisStore(options: RedisStoreOptions = {}): SessionStore {
  return new RedisSessionStore(options)
}

type Fields = string[]

function toFields(frame: SentFrame): Fields {
  const fields = ["seq", String(frame.seq), "text", frame.text, "channel", frame.channel]
  fields.push("type", frame.type, "sentAt", String(frame.sentAt))
  if (frame.transaction !== undefined) fields.push("transaction", frame.transaction)
  return fields
}

function fromFields(fields: Fields): SentFrame {
  const map = new Map<string, string>()
  for (let index = 0; index + 1 < fields.length; index += 2)
    map.set(fields[index]!, fields[index + 1]!)
  const frame: SentFrame = {
    seq: Number(map.get("seq")),
    text: map.get("text") ?? "",
    channel: map.get("channel") ?? "",
    type: map.get("type") ?? "",
    sentAt: Number(map.get("sentAt")),
  }
  const transaction = map.get("transaction")
  if (transaction !== undefined) frame.transaction = transaction
  return frame
}

class RedisSessionStore implements SessionStore {
  readonly shared = true
  readonly instanceId: string
  readonly heartbeatMs: number
  private readonly client: Redis
  private readonly subscriber: Redis
  private readonly prefix: string
  private readonly handlers = new Map<string, Set<(text: string) => void>>()
  private readonly appends = new Map<string, number>()
  /** The open tails' failure callbacks: a lost connection may have lost announcements. */
  private readonly tails = new Set<(error: Error) => void>()
  private readonly inboxes = new Set<Inbox>()
  /** Subscriptions waiting for the subscriber connection to be ready. */
  private ready: Promise<void> | undefined
  private readonly heartbeat: NodeJS.Timeout
  private readonly onError: (error: Error) => void

  constructor(options: RedisStoreOptions) {
    const redisOptions: RedisOptions = { maxRetriesPerRequest: 2, ...options.redis }
    this.client = options.url ? new Redis(options.url, redisOptions) : new Redis(redisOptions)
    this.subscriber = this.client.duplicate()
    this.prefix = options.prefix ?? "haip:"
    this.instanceId = options.instanceId ?? randomUUID()
    this.heartbeatMs = options.heartbeatMs ?? 1000
    this.onError =
      options.onError ?? ((error) => console.error(`[haip] Redis store: ${error.message}`))
    // Without a listener an unreachable Redis would throw from the emitter and end the process.
    this.client.on("error", (error: Error) => this.onError(error))
    this.subscriber.on("error", (error: Error) => this.onError(error))
    this.subscriber.on("close", () => {
      // Frames announced while it reconnects would be missed (and a restarted Redis lost the
      // stream): every relay ends with an error instead of skipping frames.
      for (const fail of [...this.tails]) fail(new Error("the connection to Redis was lost"))
    })
    this.subscriber.on("message", (channel: string, text: string) => {
      for (const handler of this.handlers.get(channel) ?? []) handler(text)
    })
    this.beat()
    this.heartbeat = setInterval(() => this.beat(), this.heartbeatMs)
    this.heartbeat.unref?.()
  }

  private key(kind: string, id: string): string {
    return `${this.prefix}${kind}:${id}`
  }

  private beat(): void {
    // A doorbell missed (a reconnect) delays a client's frame by one beat at most.
    for (const inbox of this.inboxes) inbox.read()
    this.client
      .set(this.key("alive", this.instanceId), "1", "PX", this.heartbeatMs * 3)
      .catch((error: Error) => this.onError(error))
  }

  async saveSession(session: StoredSession, ttlMs: number): Promise<void> {
    const key = this.key("s", session.id)
    await this.client
      .multi()
      .hset(key, "owner", session.owner, "home", session.home)
      .pexpire(key, ttlMs)
      .exec()
  }

  async loadSession(id: string): Promise<StoredSession | undefined> {
    const fields = await this.client.hgetall(this.key("s", id))
    if (!Object.hasOwn(fields, "home")) return undefined
    return { id, owner: fields.owner ?? "", home: fields.home ?? "" }
  }

  async takeOver(id: string, previous: string, home: string): Promise<boolean> {
    const won = await this.client.eval(RELEASE_IF_HOME, 1, this.key("s", id), previous, home)
    return won === 1
  }

  async deleteSession(id: string): Promise<void> {
    this.appends.delete(id)
    await this.client.del(this.key("s", id), this.key("f", id))
  }

  appendFrame(sessionId: string, frame: SentFrame, window: StoredWindow): void {
    const key = this.key("f", sessionId)
    const fail = (error: Error) => this.onError(error)
    // One connection keeps commands in order: the XADD lands before the PUBLISH announces it.
    this.client
      .xadd(key, "MAXLEN", "~", String(window.maxFrames), "*", ...toFields(frame))
      .catch(fail)
    this.client.pexpire(key, window.maxAgeMs + 60_000).catch(fail)
    this.client.publish(this.key("n", sessionId), JSON.stringify(frame)).catch(fail)
    const count = (this.appends.get(sessionId) ?? 0) + 1
    this.appends.set(sessionId, count)
    if (count % AGE_TRIM_EVERY === 0) {
      const oldest = Date.now() - window.maxAgeMs
      this.client.xtrim(key, "MINID", "~", String(oldest)).catch(fail)
    }
  }

  async readFrames(sessionId: string, from: number): Promise<SentFrame[]> {
    const key = this.key("f", sessionId)
    const pages: SentFrame[][] = []
    let end = "+"
    for (;;) {
      const entries = await this.client.xrevrange(key, end, "-", "COUNT", PAGE)
      const frames = entries.map(([, fields]) => fromFields(fields))
      pages.push(frames.filter((frame) => frame.seq >= from))
      const last = entries.at(-1)
      if (!last || entries.length < PAGE || frames.at(-1)!.seq < from) break
      end = `(${last[0]}`
    }
    return pages.flat().reverse()
  }

  tailFrames(
    sessionId: string,
    from: number,
    onFrame: (frame: SentFrame) => void,
    onError: (error: Error) => void,
  ): FrameTail {
    const channel = this.key("n", sessionId)
    let next = from
    let open = true
    // Frames announced while the backlog or a gap is being read wait here.
    let reading = true
    const waiting: SentFrame[] = []
    const fail = (error: Error) => {
      if (!open) return
      open = false
      this.tails.delete(fail)
      this.unsubscribe(channel, handler)
      onError(error)
    }
    this.tails.add(fail)
    const fill = () => {
      reading = true
      this.readFrames(sessionId, next)
        .then((frames) => {
          // Redis lost them (a restart): this relay cannot go on in order.
          const first = frames[0] ?? waiting[0]
          if (first !== undefined && first.seq > next) {
            fail(new Error(`frames from seq ${next} are no longer in Redis`))
            return
          }
          reading = false
          for (const frame of [...frames, ...waiting.splice(0)]) deliver(frame)
        })
        .catch(fail)
    }
    const deliver = (frame: SentFrame) => {
      if (!open || frame.seq < next) return
      if (reading) {
        waiting.push(frame)
      } else if (frame.seq > next) {
        // A frame arrived ahead of one not yet seen: read the gap from the stream.
        waiting.push(frame)
        fill()
      } else {
        next = frame.seq + 1
        onFrame(frame)
      }
    }
    const handler = (text: string) => {
      // Something else published on our channel: end this relay rather than the process.
      let frame: SentFrame
      try {
        frame = JSON.parse(text) as SentFrame
      } catch {
        fail(new Error("a frame announced in Redis was not JSON"))
        return
      }
      deliver(frame)
    }
    // Subscribed before the backlog is read: a frame appended in between is in one or the other.
    this.subscribe(channel, handler).then(fill, fail)
    return {
      close: () => {
        open = false
        this.tails.delete(fail)
        this.unsubscribe(channel, handler)
      },
    }
  }

  sendInbound(sessionId: string, message: InboundMessage): void {
    const key = this.key("i", sessionId)
    const fail = (error: Error) => this.onError(error)
    // Kept in a stream, not only published: a client's frame must reach the home instance even
    // when the announcement is lost (pub/sub delivers at most once, and not across a reconnect).
    this.client.xadd(key, "MAXLEN", "~", "1000", "*", "m", JSON.stringify(message)).catch(fail)
    this.client.pexpire(key, 10 * 60_000).catch(fail)
    this.client.publish(this.key("d", sessionId), "1").catch(fail)
  }

  onInbound(sessionId: string, handler: (message: InboundMessage) => void): () => void {
    const inbox = new Inbox(this.client, this.key("i", sessionId), handler, this.onError)
    const doorbell = this.key("d", sessionId)
    const ring = () => inbox.read()
    this.inboxes.add(inbox)
    this.subscribe(doorbell, ring).then(ring, (error: Error) => this.onError(error))
    return () => {
      this.inboxes.delete(inbox)
      this.unsubscribe(doorbell, ring)
    }
  }

  async inboundCaughtUp(sessionId: string): Promise<void> {
    const key = this.key("i", sessionId)
    const reading = [...this.inboxes].filter((inbox) => inbox.key === key)
    await Promise.all(reading.map((inbox) => inbox.caughtUp()))
  }

  async isAlive(instanceId: string): Promise<boolean> {
    if (instanceId === this.instanceId) return true
    return (await this.client.exists(this.key("alive", instanceId))) === 1
  }

  async close(): Promise<void> {
    clearInterval(this.heartbeat)
    await this.client.del(this.key("alive", this.instanceId)).catch(() => undefined)
    this.subscriber.disconnect()
    this.client.disconnect()
  }

  private async subscribe(channel: string, handler: (text: string) => void): Promise<void> {
    let set = this.handlers.get(channel)
    if (!set) {
      set = new Set()
      this.handlers.set(channel, set)
    }
    set.add(handler)
    // ioredis writes a SUBSCRIBE at once while its connection is being set up, ahead of its
    // ready check, which then fails in subscriber mode: the connection is dropped and that
    // subscription is never restored (a session's doorbell lost for good). Once ready, it is not.
    if (this.subscriber.status !== "ready") await this.subscriberReady()
    if (!this.handlers.get(channel)?.has(handler)) return
    await this.subscriber.subscribe(channel)
  }

  /** Settles when the subscriber connection is ready (one listener however many wait). */
  private subscriberReady(): Promise<void> {
    this.ready ??= new Promise((resolve) => {
      this.subscriber.once("ready", () => {
        this.ready = undefined
        resolve()
      })
    })
    return this.ready
  }

  private unsubscribe(channel: string, handler: (text: string) => void): void {
    const set = this.handlers.get(channel)
    if (!set) return
    set.delete(handler)
    if (set.size > 0) return
    this.handlers.delete(channel)
    this.subscriber.unsubscribe(channel).catch((error: Error) => this.onError(error))
  }
}
