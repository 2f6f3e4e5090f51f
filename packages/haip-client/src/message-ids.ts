/**
 * Streamed messages without `message_id`, as the seed's messaging guide sends them
 * (`MESSAGE_START` / `MESSAGE_PART` / `MESSAGE_END` told apart only by channel and run): each
 * gets a made-up id, the same for every frame of one message, so it still becomes one item.
 * Frames are given ids in the order they are delivered.
 */
import { isRecord } from "./envelope.js"
import { generateUUID } from "./ids.js"
import type { HAIPMessage } from "./types.js"

/** Open messages kept at most (the oldest is forgotten first). */
const openLimit = 1000

export class StreamedMessageIds {
  /** The id of the open message, by transaction, run and channel. */
  readonly #open = new Map<string, string>()

  /**
   * Gives a streamed frame without `message_id` the id of the message it belongs to, in place.
   * Returns a warning when it made up an id for a new message, else `undefined`.
   */
  fill(frame: HAIPMessage): string | undefined {
    const { type, payload } = frame
    if (type !== "MESSAGE_START" && type !== "MESSAGE_PART" && type !== "MESSAGE_END") return
    if (!isRecord(payload) || payload.message_id !== undefined) return
    const key = `${frame.transaction ?? ""}\u0000${frame.run_id ?? ""}\u0000${frame.channel}`
    let id = type === "MESSAGE_START" ? undefined : this.#open.get(key)
    const made = id === undefined
    if (id === undefined) {
      id = generateUUID()
      this.#open.delete(key)
      this.#open.set(key, id)
      if (this.#open.size > openLimit) {
        const oldest = this.#open.keys().next().value
        if (oldest !== undefined) this.#open.delete(oldest)
      }
    }
    if (type === "MESSAGE_END") this.#open.delete(key)
    payload.message_id = id
    if (!made) return
    return `The ${type} frame has no message_id (the seed guide's form); its message was given the id ${id}.`
  }
}
