import { createContext } from "react"

/**
 * The heading level of the view around the items (`ChatView`'s title is an `<h2>` by
 * default): markdown headings in an answer render below it, the answer's top-most heading
 * one level under the view's (`## Results` at the top of an answer is an `<h3>` there) and
 * the others keeping their distance to it. 0 (the default) leaves them as written.
 */
export const HeadingLevelContext = createContext(0)
HeadingLevelContext.displayName = "HeadingLevelContext"
