/**
 * The markdown renderer proper: marked's lexer and the React elements built from its tokens.
 * A chunk of its own, loaded by `markdown-loader.ts` (see `Markdown.tsx`); it also carries
 * `markdownToSpeech`, the announcer's reading of an answer, which needs the same lexer.
 */
import type { Token, Tokens } from "marked"
import { forwardRef, memo, useContext, useMemo, useState } from "react"
import { HeadingLevelContext } from "./heading-level.js"
import { type ItemLabels, resolveItemLabels } from "./labels.js"
import type { MarkdownProps } from "./Markdown.js"
import { IncrementalMarkdown, type MarkdownParts } from "./markdown-blocks.js"
import { type BlockGroup, GroupChunks } from "./markdown-chunks.js"
import { Caret, renderBlock, renderListFrame, renderListItems } from "./markdown-render.js"
import { useProgressiveLength } from "./use-progressive-length.js"

export { markdownToSpeech } from "./markdown-speech.js"

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
 * moves the earlier ones with it. The finished blocks' top heading is kept as they finish, so
 * only the open blocks are looked at here.
 */
function headingOffsetFor(parts: MarkdownParts, viewLevel: number): number {
  if (viewLevel === 0) return 0
  let top = parts.topFinishedHeading
  for (const block of parts.open) {
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

interface BlockChunkProps {
  groups: readonly BlockGroup[]
  labels: ItemLabels
  /** The open block's index when it is in this chunk, else -1 (so other chunks stay put). */
  openIndex: number
  headingOffset: number
}

/** One chunk of groups, memoized: while an answer streams, only the chunk at its end renders. */
const BlockChunk = memo(function BlockChunk({
  groups,
  labels,
  openIndex,
  headingOffset,
}: BlockChunkProps) {
  return groups.map(({ index, tokens }) =>
    // Blocks only ever append while text streams, so the place is a stable identity.
    tokens.length === 1 ? (
      <MarkdownBlock
        key={index}
        token={tokens[0]!}
        labels={labels}
        open={index === openIndex}
        headingOffset={headingOffset}
      />
    ) : (
      <ListGroup
        key={index}
        segments={tokens as Tokens.List[]}
        labels={labels}
        open={openIndex >= index && openIndex < index + tokens.length}
      />
    ),
  )
})

/** `openIndex` if it falls in `groups`, else -1. */
function openIndexIn(groups: readonly BlockGroup[], openIndex: number): number {
  const first = groups[0]
  const last = groups.at(-1)
  if (first === undefined || last === undefined) return -1
  return openIndex >= first.index && openIndex < last.index + last.tokens.length ? openIndex : -1
}

interface ChunkSectionProps extends Omit<BlockChunkProps, "groups"> {
  chunks: readonly BlockGroup[][]
}

/** One section of chunks, memoized: while an answer streams, only the last section renders. */
const ChunkSection = memo(function ChunkSection({
  chunks,
  labels,
  openIndex,
  headingOffset,
}: ChunkSectionProps) {
  return chunks.map((groups, chunk) => (
    <BlockChunk
      // biome-ignore lint/suspicious/noArrayIndexKey: chunks only ever append while text streams
      key={chunk}
      groups={groups}
      labels={labels}
      openIndex={openIndexIn(groups, openIndex)}
      headingOffset={headingOffset}
    />
  ))
})

/** `openIndex` if it falls in the chunks of `section`, else -1. */
function openIndexInSection(section: readonly BlockGroup[][], openIndex: number): number {
  const first = section[0]?.[0]
  const last = section.at(-1)?.at(-1)
  if (first === undefined || last === undefined) return -1
  return openIndex >= first.index && openIndex < last.index + last.tokens.length ? openIndex : -1
}

/** The index of the last block that shows content (where the caret goes), or -1. */
function lastContentIndex({ finished, open }: MarkdownParts): number {
  for (let index = finished.length + open.length - 1; index >= 0; index--) {
    const block = index < finished.length ? finished[index]! : open[index - finished.length]!
    if (block.type !== "space" && block.type !== "def") return index
  }
  return -1
}

const MarkdownBase = forwardRef<HTMLDivElement, MarkdownProps>(function MarkdownDocument(
  { text, streaming = false, labels, className },
  ref,
) {
  const [incremental] = useState(() => new IncrementalMarkdown())
  const [chunker] = useState(() => new GroupChunks())
  // Items from the wire are validated upstream; a non-string still must not break the chat.
  const source = typeof text === "string" ? text : ""
  const length = useProgressiveLength(source, streaming)
  const complete = length >= source.length
  const parts = incremental.advance(complete ? source : source.slice(0, length), {
    final: !streaming && complete,
  })
  chunker.update(parts)
  const resolvedLabels = useMemo(() => resolveItemLabels(labels), [labels])
  const headingOffset = headingOffsetFor(parts, useContext(HeadingLevelContext))
  const openIndex = streaming ? lastContentIndex(parts) : -1
  return (
    <div ref={ref} className={["aichatkit-markdown", className].filter(Boolean).join(" ")}>
      {chunker.sections.map((section, index) => (
        <ChunkSection
          // biome-ignore lint/suspicious/noArrayIndexKey: sections only ever append while text streams
          key={index}
          chunks={section}
          labels={resolvedLabels}
          openIndex={openIndexInSection(section, openIndex)}
          headingOffset={headingOffset}
        />
      ))}
      {streaming && openIndex === -1 ? <Caret /> : null}
    </div>
  )
})
MarkdownBase.displayName = "MarkdownDocument"

/**
 * GFM markdown rendered to React elements (never HTML strings). While `streaming`, finished
 * blocks are neither parsed nor rendered again when text is appended.
 */
export const MarkdownDocument = memo(MarkdownBase)
MarkdownDocument.displayName = "MarkdownDocument"
