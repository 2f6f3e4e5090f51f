/**
 * The markdown renderer as a chunk of its own. marked's lexer and the renderer are two fifths
 * of what `<ChatView>` would otherwise load up front (issue 19's bundle budget), and a page
 * can paint a thread and take a message without them: `Markdown` shows the source as plain
 * text until the chunk arrives, which it starts fetching as soon as the ui is evaluated in a
 * browser, so by the time a conversation paints it is usually there.
 */
import { useSyncExternalStore } from "react"

export type MarkdownModule = typeof import("./MarkdownDocument.js")

/** The renderer once fetched (shared by every `Markdown` on the page, like any module). */
let loaded: MarkdownModule | undefined
let loading: Promise<MarkdownModule> | undefined
const listeners = new Set<() => void>()

/** Fetches the renderer once; a failed fetch (offline, a deploy in between) can be retried. */
export function loadMarkdown(): Promise<MarkdownModule> {
  loading ??= import("./MarkdownDocument.js").then(
    (module) => {
      loaded = module
      for (const listener of listeners) listener()
      return module
    },
    (error: unknown) => {
      loading = undefined
      throw error
    },
  )
  return loading
}

/**
 * Resolves once the markdown renderer has arrived (at once if it has): a page, a test or a
 * screenshot that would rather wait than show the first messages as plain text awaits it
 * before its first render. Rejects if the chunk cannot be fetched.
 */
export function preloadMarkdown(): Promise<void> {
  return loadMarkdown().then(() => undefined)
}

/** The renderer if it has arrived, else undefined (the caller shows plain text). */
export function loadedMarkdown(): MarkdownModule | undefined {
  return loaded
}

function subscribe(listener: () => void): () => void {
  // Once loaded nothing changes any more: a mounted `Markdown` costs no subscription.
  if (loaded) return () => {}
  listeners.add(listener)
  // A fetch that failed is tried again by the next `Markdown` that mounts.
  loadMarkdown().catch(() => {})
  return () => {
    listeners.delete(listener)
  }
}

/**
 * Server rendering and hydration see no renderer, so the server's plain text and the first
 * client render match; React renders the markdown right after hydrating.
 */
const serverSnapshot = (): undefined => undefined

/** The renderer, or undefined until it arrives; re-renders the caller when it does. */
export function useMarkdownModule(): MarkdownModule | undefined {
  return useSyncExternalStore(subscribe, loadedMarkdown, serverSnapshot)
}

// Started when the ui is evaluated, not when the first message mounts: the chunk downloads
// while the page sets up. A server never renders it (see `serverSnapshot`), so it skips this.
if (typeof document !== "undefined") loadMarkdown().catch(() => {})
