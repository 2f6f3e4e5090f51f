/**
 * Testing Library's `findBy…` and `waitFor` wait for what a test needs; their default deadline
 * (1 s) is shorter than a streamed turn takes on a shared machine with both cores busy, so a
 * slow run failed where a fast one passed. Waiting longer costs nothing when the event comes.
 */
import { configure } from "@testing-library/react"
import { loadMarkdown } from "./items/markdown-loader.js"

configure({ asyncUtilTimeout: 10_000 })

/**
 * The markdown renderer is a chunk of its own that a page fetches while it sets up (see
 * `items/markdown-loader.ts`); tests render with it there, as a page does once it arrived.
 * `items/Markdown.lazy.test.tsx` covers the plain text shown before it does.
 */
await loadMarkdown()
