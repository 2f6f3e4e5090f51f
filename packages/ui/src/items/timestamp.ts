/** Readable local times for `<time>` elements. */

const timeOnly = new Intl.DateTimeFormat(undefined, { hour: "numeric", minute: "2-digit" })
const dateAndTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" })
const full = new Intl.DateTimeFormat(undefined, { dateStyle: "full", timeStyle: "medium" })

/** A timestamp formatted three ways; undefined when it is not a valid date. */
export interface FormattedTime {
  /** The ISO 8601 form, for `dateTime`. */
  dateTime: string
  /** The time today, or the date and time on another day. */
  short: string
  /** Everything, for a tooltip. */
  full: string
}

/** Formats an ISO 8601 timestamp in the reader's locale and time zone. */
export function formatTimestamp(value: string, now: Date = new Date()): FormattedTime | undefined {
  const date = new Date(value)
  if (Number.isNaN(date.getTime())) return undefined
  const sameDay = date.toDateString() === now.toDateString()
  return {
    dateTime: date.toISOString(),
    short: (sameDay ? timeOnly : dateAndTime).format(date),
    full: full.format(date),
  }
}
