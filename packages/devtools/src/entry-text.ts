/**
 * How a log entry reads in the panel, for any event kind: its type, its agent, and one line of
 * text (the run, the item, the rest as JSON). Plain strings: the panel renders them as text.
 */
import type { LogEntry } from "./devtools-log.js"
import { describeDiff } from "./store-diff.js"

/** The longest text shown for one entry; the search still sees all of it. */
const MAX_TEXT = 2000

const fieldOf = (value: object, key: string): unknown =>
  Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined

/** The event's `type`, `wire in`/`wire out`, or `store flush`. */
export function entryType(entry: LogEntry): string {
  if (entry.kind === "event") return entry.event.type
  if (entry.kind === "wire") return `${entry.traffic.wire} ${entry.traffic.direction}`
  return "store flush"
}

/** The agent (conversation) an entry belongs to, when it says. */
export function entryAgent(entry: LogEntry): string | undefined {
  if (entry.kind === "event") {
    const agentId = fieldOf(entry.event, "agentId")
    return typeof agentId === "string" ? agentId : undefined
  }
  if (entry.kind === "wire") return entry.traffic.agentId
  return entry.diff[0]?.agentId
}

/**
 * `known` and, after it, the wires of `entries` it lacks, in the order first seen; `known` itself
 * when none is new. A panel calls its adapter by them where the build renamed its class.
 */
export function wiresSeen(
  known: readonly string[],
  entries: readonly LogEntry[],
): readonly string[] {
  let wires = known
  for (const entry of entries) {
    if (entry.kind === "wire" && !wires.includes(entry.traffic.wire)) {
      wires = [...wires, entry.traffic.wire]
    }
  }
  return wires
}

/** Each entry's text, made once: the search reads every entry's on each keystroke and frame. */
const texts = new WeakMap<LogEntry, string>()

export function entryText(entry: LogEntry): string {
  let text = texts.get(entry)
  if (text === undefined) {
    text = describeEntry(entry)
    texts.set(entry, text)
  }
  return text
}

function describeEntry(entry: LogEntry): string {
  if (entry.kind === "flush") return entry.diff.map(describeDiff).join("; ")
  if (entry.kind === "wire") {
    const { data } = entry.traffic
    return clip(typeof data === "string" ? data : safeJson(data))
  }
  const event = entry.event as unknown as Record<string, unknown>
  const { type: _type, agentId: _agentId, runId, itemId, ...rest } = event
  const parts: string[] = []
  if (typeof runId === "string") parts.push(`run ${runId}`)
  if (typeof itemId === "string") parts.push(`item ${itemId}`)
  const restText = safeJson(rest)
  if (restText !== "{}") parts.push(restText)
  return clip(parts.join(" "))
}

function safeJson(value: unknown, indent?: number): string {
  try {
    return JSON.stringify(value, null, indent) ?? String(value)
  } catch {
    return String(value)
  }
}

function clip(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text
}

/**
 * The whole of an entry, for the selected line: its JSON indented (the wire's text as it
 * came). Made only for the line a person selects, never per frame.
 */
export function entryDetail(entry: LogEntry): string {
  if (entry.kind === "flush") return safeJson(entry.diff, 2)
  if (entry.kind === "wire") {
    const { data } = entry.traffic
    return typeof data === "string" ? data : safeJson(data, 2)
  }
  return safeJson(entry.event, 2)
}
