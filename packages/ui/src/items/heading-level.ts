import { createContext } from "react"

/**
 * The heading level of the view around the items (`ChatView`'s title is an `<h2>` by
 * default): markdown headings in an answer render below it, so `# Title` in an answer is an
 * `<h3>` there, not a second top-level heading. 0 (the default) leaves them as written.
 */
export const HeadingLevelContext = createContext(0)
HeadingLevelContext.displayName = "HeadingLevelContext"
