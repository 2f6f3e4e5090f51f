import { forwardRef, memo } from "react"
import type { Labels } from "../labels.js"
import { useMarkdownModule } from "./markdown-loader.js"

/** Props of {@link Markdown}. */
export interface MarkdownProps {
  /** The markdown source (GFM). Raw HTML in it shows as text. */
  text: string
  /** Whether more text is still coming: shows a caret, and leaves the last block unhighlighted. */
  streaming?: boolean
  /** Strings to replace (code block buttons, task checkboxes). */
  labels?: Partial<Labels> | undefined
  /** Extra class names for the root element. */
  className?: string
}

const MarkdownBase = forwardRef<HTMLDivElement, MarkdownProps>(function Markdown(props, ref) {
  const renderer = useMarkdownModule()
  if (renderer) return <renderer.MarkdownDocument ref={ref} {...props} />
  // Until the renderer's chunk arrives (and on the server): the source as it is, in the same
  // root, wrapped as written, so the text is readable and takes about the room it will take.
  const { text, className } = props
  return (
    <div ref={ref} className={["aichatkit-markdown", className].filter(Boolean).join(" ")}>
      <p className="aichatkit-markdown-source">{typeof text === "string" ? text : ""}</p>
    </div>
  )
})
MarkdownBase.displayName = "Markdown"

/**
 * GFM markdown rendered to React elements (never HTML strings). While `streaming`, finished
 * blocks are neither parsed nor rendered again when text is appended. The renderer is loaded
 * lazily (see `markdown-loader.ts`): until it arrives, the text shows as plain text.
 */
export const Markdown = memo(MarkdownBase)
Markdown.displayName = "Markdown"
