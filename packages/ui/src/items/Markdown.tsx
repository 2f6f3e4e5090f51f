import type { Token, Tokens } from "marked"
import { forwardRef, memo, useContext, useMemo, useState } from "react"
import { HeadingLevelContext } from "./heading-level.js"
import { type ItemLabels, resolveItemLabels } from "./labels.js"
import { continuesList, IncrementalMarkdown } from "./markdown-blocks.js"
import { Caret, renderBlock, renderListFrame, renderListItems } from "./markdown-render.js"

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
  /** Levels added to a heading's depth (see `headingOffsetFor`). */
  headingOffset: number
}

/** A heading moved `offset` levels down (at most to `<h6>`); any other block as it is. */
function offsetHeading(token: Token, offset: number): Token {
  if (offset === 0 || token.type !== "heading") return token
  const heading = token as Tokens.Heading
  return { ...heading, depth: Math.min(Math.max(Math.max(heading.depth, 1) + offset, 1), 6) }
}

/**
 * How many levels to move the headings so the answer's top-most heading sits one level under
 * the view's (`viewLevel`), or 0 outside a view. A later, higher heading in a streaming answer
 * moves the earlier ones with it.
 */
function headingOffsetFor(blocks: readonly Token[], viewLevel: number): number {
  if (viewLevel === 0) return 0
  let top = 7
  for (const block of blocks) {
    if (block.type === "heading") top = Math.min(top, Math.max((block as Tokens.Heading).depth, 1))
  }
  return top === 7 ? 0 : viewLevel + 1 - top
}

/**
 * One top-level block, memoized: a finished block keeps its token object while the message
 * streams on, so a new token renders only the open block.
 */
const MarkdownBlock = memo(function MarkdownBlock({
  token,
  labels,
  open,
  headingOffset,
}: MarkdownBlockProps) {
  return renderBlock(offsetHeading(token, headingOffset), 0, { labels, open })
})

interface ListSegmentProps {
  list: Tokens.List
  labels: ItemLabels
}

/** The items of one finished part of a long list, memoized like a block. */
const ListSegment = memo(function ListSegment({ list, labels }: ListSegmentProps) {
  return renderListItems(list, { labels, open: false })
})

interface ListGroupProps {
  segments: readonly Tokens.List[]
  labels: ItemLabels
  open: boolean
}

/**
 * A long list streamed in parts (see `IncrementalMarkdown`): one `<ul>`/`<ol>` around the
 * parts, so it looks exactly like the list rendered whole.
 */
function ListGroup({ segments, labels, open }: ListGroupProps) {
  const first = segments[0]!
  return (
    <>
      {renderListFrame(
        first,
        0,
        segments.map((segment, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: parts only ever append
          <ListSegment key={index} list={segment} labels={labels} />
        )),
      )}
      {open ? <Caret /> : null}
    </>
  )
}

/** Blocks with the parts of each split list gathered, each with the index of its first block. */
function groupBlocks(blocks: readonly Token[]): { index: number; tokens: Token[] }[] {
  const groups: { index: number; tokens: Token[] }[] = []
  blocks.forEach((token, index) => {
    const previous = groups.at(-1)
    if (continuesList(token) && previous?.tokens[0]?.type === "list") previous.tokens.push(token)
    else groups.push({ index, tokens: [token] })
  })
  return groups
}

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
  // Items from the wire are validated upstream; a non-string still must not break the chat.
  const blocks = incremental.update(typeof text === "string" ? text : "", { final: !streaming })
  const resolvedLabels = useMemo(() => resolveItemLabels(labels), [labels])
  const headingOffset = headingOffsetFor(blocks, useContext(HeadingLevelContext))
  const openIndex = streaming ? lastContentIndex(blocks) : -1
  return (
    <div ref={ref} className={["aichatkit-markdown", className].filter(Boolean).join(" ")}>
      {groupBlocks(blocks).map(({ index, tokens }) =>
        // Blocks only ever append while text streams, so the place is a stable identity.
        tokens.length === 1 ? (
          <MarkdownBlock
            key={index}
            token={tokens[0]!}
            labels={resolvedLabels}
            open={index === openIndex}
            headingOffset={headingOffset}
          />
        ) : (
          <ListGroup
            key={index}
            segments={tokens as Tokens.List[]}
            labels={resolvedLabels}
            open={openIndex >= index && openIndex < index + tokens.length}
          />
        ),
      )}
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
