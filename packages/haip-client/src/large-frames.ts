/**
 * A frame too large to parse, still accounted for: read by the connection core (loaded at the
 * first connect), so it costs a page nothing before then.
 */

/** How much of each end of a refused frame is searched for its envelope. */
const ENVELOPE_SPAN = 1024

/**
 * The `type`, `channel` and `seq` of a frame too large to parse, read from the ends of its
 * text (envelope fields sit before or after the payload), so its bytes can still be charged
 * to the credits the server counted them against and its seq count as received. `undefined`
 * when type or channel is not found.
 */
export function envelopeOfLargeFrame(
  text: string,
): { type: string; channel: string; seq?: string } | undefined {
  const ends = `${text.slice(0, ENVELOPE_SPAN)}\n${text.slice(-ENVELOPE_SPAN)}`
  const type = /"type"\s*:\s*"([A-Z_]{1,40})"/.exec(ends)?.[1]
  const channel = /"channel"\s*:\s*"([A-Z_]{1,40})"/.exec(ends)?.[1]
  const seq = /"seq"\s*:\s*"([0-9]{1,15})"/.exec(ends)?.[1]
  if (type === undefined || channel === undefined) return undefined
  return seq === undefined ? { type, channel } : { type, channel, seq }
}
