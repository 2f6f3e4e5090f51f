import type { Token } from "marked"
import { forwardRef, memo, useMemo, useState } from "react"
import { type ItemLabels, resolveItemLabels } from "./labels.js"
import { IncrementalMarkdown } from "./markdown-blocks.js"
import { Caret, renderBlock } from "./markdown-render.js"

/** Props of {@link Markdown}. */
export interface MarkdownProps {
  /** The markdown source (GFM). Raw HTML in it shows as text. */
  text: string
  /** Whether more text is still coming: shows a caret, and leaves the last block unhighlighted. */
  streaming?: boolean
  /** Strings to replace (code block buttons, task checkboxes). */
  labels?: Partial<ItemLabels>
  /** Extra class names for the root element. */
  className?: string
}

interface MarkdownBlockProps {
  token: Token
  labels: ItemLabels
  open: boolean
}

/**
 * One top-level block, memoized: a finished block keeps its token object while the message
 * streams on, so a new token renders only the open block.
 */
const MarkdownBlock = memo(function MarkdownBlock({ token, labels, open }: MarkdownBlockProps) {
  return renderBlock(token, 0, { labels, open })
})

function lastContentIndex(blocks: readonly Token[]): number {
  for (let index = blocks.length - 1; index >= 0; index--) {
    const type = blocks[index]!.type
    if (type !== "space" && type !== "def") return index
  }
  return -1
}

const MarkdownBase = forwardRef<HTMLDivElement, MarkdownProps>(function Markdown(
  { text, streaming = false, labels, className },
  ref,
) {
  const [incremental] = useState(() => new IncrementalMarkdown())
  const blocks = incremental.update(text, { final: !streaming })
  const resolvedLabels = useMemo(() => resolveItemLabels(labels), [labels])
  const openIndex = streaming ? lastContentIndex(blocks) : -1
  return (
    <div ref={ref} className={["aichatkit-markdown", className].filter(Boolean).join(" ")}>
      {blocks.map((token, index) => (
        <MarkdownBlock
          // Blocks only ever append while text streams, so the place is a stable identity.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          key={index}
          token={token}
          labels={resolvedLabels}
          open={index === openIndex}
        />
      ))}
      {streaming && openIndex === -1 ? <Caret /> : null}
    </div>
  )
})
MarkdownBase.displayName = "Markdown"

/**
 * GFM markdown rendered to React elements (never HTML strings). While `streaming`, finished
 * blocks are neither parsed nor rendered again when text is appended.
 */
export const Markdown = memo(MarkdownBase)
Markdown.displayName = "Markdown"
