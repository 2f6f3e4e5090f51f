/**
 * SSE runs across demo-server instances, through a shared HAIP session store (Redis): each
 * run's frames go to a stream of their own as they are sent, with an end mark when the run
 * ends, so a client whose `Last-Event-ID` request lands on another instance (or on this one
 * after a restart) is sent the rest from the store, each frame once and in order. When the
 * instance running the run dies, the follower ends the stream with Haira's error event.
 */
import type { SentFrame, SessionStore } from "@aichatkit/haip-server"
import { formatHairaFrame } from "./sse-haira.js"

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
  // Which instance runs it: a follower elsewhere ends the stream if that one dies.
  store
    .saveSession({ id: key, owner: "", home: store.instanceId }, caps.maxAgeMs)
    .catch(() => undefined)
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
  const [kept, record] = await Promise.all([store.readFrames(key, 1), store.loadSession(key)])
  const first = kept[0]
  if (first === undefined || first.seq > from) return undefined
  return (onFrame, onEnd) => {
    /** The index the next frame of the run has. */
    let next = from - 1
    let done = false
    const finish = () => {
      if (done) return
      done = true
      tail.close()
      clearInterval(watch)
      onEnd()
    }
    const tail = store.tailFrames(
      key,
      from,
      (frame) => {
        if (frame.type === "end") return finish()
        next = frame.seq
        onFrame(frame.text)
      },
      // The store failed (Redis restarted): end the stream; the client resumes or fails the turn.
      finish,
    )
    const watch = setInterval(() => {
      if (!record) return
      store.isAlive(record.home).then((alive) => {
        if (alive || done) return
        const error = `The server instance running this answer stopped before it finished; send the message again.`
        onFrame(
          formatHairaFrame(`${runId}:${next}`, { event: "error", data: JSON.stringify({ error }) }),
        )
        onFrame(formatHairaFrame(`${runId}:${next + 1}`, { event: "done", data: "[DONE]" }))
        finish()
      }, finish)
    }, store.heartbeatMs)
    return () => {
      clearInterval(watch)
      tail.close()
    }
  }
}
