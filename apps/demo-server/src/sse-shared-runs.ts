/**
 * SSE runs across demo-server instances, through a shared HAIP session store (Redis): each
 * run's frames go to a stream of their own as they are sent, with an end mark when the run
 * ends, so a client whose `Last-Event-ID` request lands on another instance (or on this one
 * after a restart) is sent the rest from the store, each frame once and in order.
 */
import type { SentFrame, SessionStore } from "@aichatkit/haip-server"

/** Where the frames of a run are kept; its frame `n` has seq `n + 1`. */
const runKey = (sessionId: string, runId: string) => `sse:${sessionId}:${runId}`

/** Kept as long as a client may come back, and a minute more. */
const window = (resumeWindowMs: number) => ({ maxFrames: 10_000, maxAgeMs: resumeWindowMs * 6 })

function stored(seq: number, text: string, type: "frame" | "end"): SentFrame {
  return { seq, text, channel: "sse", type, sentAt: Date.now() }
}

/** Records a run's frames in the store (nothing when the store is this process's memory). */
export function mirrorRun(
  store: SessionStore | undefined,
  sessionId: string,
  runId: string,
  resumeWindowMs: number,
): { frame(index: number, text: string): void; end(count: number): void } {
  if (!store?.shared) return { frame() {}, end() {} }
  const key = runKey(sessionId, runId)
  const caps = window(resumeWindowMs)
  return {
    frame: (index, text) => store.appendFrame(key, stored(index + 1, text, "frame"), caps),
    end: (count) => store.appendFrame(key, stored(count + 1, "", "end"), caps),
  }
}

/** Sends a run's frames to `onFrame`, then calls `onEnd`; returns `leave`. */
export type FollowRun = (onFrame: (text: string) => void, onEnd: () => void) => () => void

/**
 * A run this instance does not hold, to follow from the frame after `lastEventId`; undefined
 * when the store has no such run (or no longer the frames after that one).
 */
export async function findStoredRun(
  store: SessionStore | undefined,
  sessionId: string,
  lastEventId: string,
): Promise<FollowRun | undefined> {
  const [runId, seen] = lastEventId.split(":")
  if (!store?.shared || !runId || !/^\d{1,9}$/.test(seen ?? "")) return undefined
  const key = runKey(sessionId, runId)
  const from = Number(seen) + 2
  const kept = await store.readFrames(key, 1)
  const first = kept[0]
  if (first === undefined || first.seq > from) return undefined
  return (onFrame, onEnd) => {
    const tail = store.tailFrames(
      key,
      from,
      (frame) => {
        if (frame.type !== "end") return onFrame(frame.text)
        tail.close()
        onEnd()
      },
      // The store failed (Redis restarted): end the stream; the client resumes or fails the turn.
      () => onEnd(),
    )
    return () => tail.close()
  }
}
