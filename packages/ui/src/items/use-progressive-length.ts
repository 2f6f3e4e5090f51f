import { useEffect, useState } from "react"

/**
 * Characters of a complete text parsed per animation frame the first time it is shown: under
 * `MAX_OPEN_BLOCK_LENGTH`, so each step is lexed rather than shown as plain text.
 */
export const PARSE_PER_FRAME = 12_000

/**
 * How much of `text` to parse in this render. All of it while it streams (the stream already
 * comes in pieces, and finished blocks are never parsed again) or when it is short. A long
 * complete text (an answer opened from history) is parsed {@link PARSE_PER_FRAME} more
 * characters per animation frame instead of all at once: opening a 1 MB answer shows it
 * filling in over about 80 frames rather than freezing the page for half a second or more.
 */
export function useProgressiveLength(text: string, streaming: boolean): number {
  const [reached, setReached] = useState(() =>
    streaming || text.length <= PARSE_PER_FRAME ? Number.POSITIVE_INFINITY : PARSE_PER_FRAME,
  )
  const behind = !streaming && reached < text.length
  useEffect(() => {
    if (!behind) return
    let frame = 0
    const step = () => {
      setReached((length) => length + PARSE_PER_FRAME)
      frame = requestAnimationFrame(step)
    }
    frame = requestAnimationFrame(step)
    return () => cancelAnimationFrame(frame)
  }, [behind])
  return streaming ? text.length : Math.min(reached, text.length)
}
