/**
 * Counts the React commits of the chat itself, for the devtools' per-run summary. The app
 * wraps its chat in `<Profiler id="chat" onRender={chatCommitted}>`; the panel reads the count.
 * No React here, so the count costs one increment per commit and the panel stays lazy.
 */

type CommitListener = (count: number) => void

let count = 0
const listeners = new Set<CommitListener>()

/** A React `Profiler` `onRender` callback: one call per commit of the profiled tree. */
export function chatCommitted(): void {
  count += 1
  for (const listener of listeners) listener(count)
}

/** The chat's commits so far. */
export function chatCommitCount(): number {
  return count
}

/** Calls `listener` after every commit of the chat; returns the function that stops it. */
export function onChatCommit(listener: CommitListener): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}
