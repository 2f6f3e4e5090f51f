/**
 * The devtools, loaded only when the toggle is on (never in the playground's first bundle),
 * and the Profiler callback that counts the chat's React commits once they are loaded.
 */
import { lazy } from "react"

let chatCommitted: (() => void) | undefined

export const LazyChatDevtools = lazy(() =>
  import("@aichatkit/devtools").then((devtools) => {
    chatCommitted = devtools.chatCommitted
    return { default: devtools.ChatDevtools }
  }),
)

/** A `Profiler` `onRender`: counts a commit of the chat for the devtools' run summary. */
export function countChatCommit(): void {
  chatCommitted?.()
}
