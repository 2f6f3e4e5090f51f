/**
 * marked tokens → React elements. Text from the source is only ever a React text node or an
 * attribute checked by `safeUrl`: raw HTML in the markdown shows as the text it is.
 */
import type { Token, Tokens } from "marked"
import { type CSSProperties, Fragment, type ReactNode } from "react"
import { CodeBlock } from "./CodeBlock.js"
import { decodeEntities } from "./entities.js"
import type { ItemLabels } from "./labels.js"
import { PLAIN_TEXT_TOKEN } from "./markdown-limits.js"
import { safeUrl } from "./safe-url.js"

/** What block rendering needs besides the token. */
export interface RenderContext {
  labels: ItemLabels
  /** The block is the last of a message that is still streaming. */
  open: boolean
}

/** The caret shown at the end of a message while it streams (steady: see `.aichatkit-caret`). */
export function Caret(): ReactNode {
  return <span className="aichatkit-caret" aria-hidden="true" />
}

function children(tokens: Token[] | undefined, context: RenderContext): ReactNode[] {
  return (tokens ?? []).map((token, index) => renderInline(token, index, context))
}

function renderLink(href: string, label: ReactNode, key: number, title?: string | null) {
  const url = safeUrl(decodeEntities(href))
  if (url === undefined) return <span key={key}>{label}</span>
  return (
    <a
      key={key}
      href={url}
      target="_blank"
      rel="noopener noreferrer"
      title={title ? decodeEntities(title) : undefined}
    >
      {label}
    </a>
  )
}

/** One inline token (text, emphasis, code span, link, …). */
export function renderInline(token: Token, key: number, context: RenderContext): ReactNode {
  switch (token.type) {
    case "text": {
      const text = token as Tokens.Text
      if (text.tokens !== undefined && text.tokens.length > 0) {
        return <Fragment key={key}>{children(text.tokens, context)}</Fragment>
      }
      return decodeEntities(text.text)
    }
    case "escape":
      return (token as Tokens.Escape).text
    case "strong":
      return <strong key={key}>{children((token as Tokens.Strong).tokens, context)}</strong>
    case "em":
      return <em key={key}>{children((token as Tokens.Em).tokens, context)}</em>
    case "del":
      return <del key={key}>{children((token as Tokens.Del).tokens, context)}</del>
    case "codespan":
      return (
        <code key={key} className="aichatkit-inline-code">
          {(token as Tokens.Codespan).text}
        </code>
      )
    case "br":
      return <br key={key} />
    case "link": {
      const link = token as Tokens.Link
      return renderLink(link.href, children(link.tokens, context), key, link.title)
    }
    case "image": {
      // Images are shown as a link to them: loading a URL from the wire would leak the
      // reader's address to whoever wrote it.
      const image = token as Tokens.Image
      const label = decodeEntities(image.text) || image.href
      return renderLink(image.href, `🖼 ${label}`, key, image.title)
    }
    case "checkbox": {
      const checked = (token as Tokens.Checkbox).checked
      return (
        <input
          key={key}
          type="checkbox"
          className="aichatkit-task-checkbox"
          checked={checked}
          disabled
          aria-label={checked ? context.labels.taskDone : context.labels.taskOpen}
        />
      )
    }
    default:
      // html and anything unknown: the source text, as text.
      return token.raw
  }
}

function alignment(align: "center" | "left" | "right" | null): CSSProperties | undefined {
  return align === null ? undefined : { textAlign: align }
}

/** The `<li>` elements of a list block. */
export function renderListItems(list: Tokens.List, context: RenderContext): ReactNode[] {
  return list.items.map((item, index) => (
    <li
      // biome-ignore lint/suspicious/noArrayIndexKey: list items have no identity but their place
      key={index}
      className={item.task ? "aichatkit-task-item" : undefined}
    >
      {item.tokens.map((token, tokenIndex) =>
        token.type === "checkbox"
          ? renderInline(token, tokenIndex, context)
          : renderBlock(token, tokenIndex, { ...context, open: false }),
      )}
    </li>
  ))
}

/** A `<ul>` or `<ol>` (with its start number) around `children`. */
export function renderListFrame(list: Tokens.List, key: number, children: ReactNode): ReactNode {
  if (!list.ordered) return <ul key={key}>{children}</ul>
  const start = typeof list.start === "number" && list.start !== 1 ? list.start : undefined
  return (
    <ol key={key} start={start}>
      {children}
    </ol>
  )
}

function renderList(list: Tokens.List, key: number, context: RenderContext): ReactNode {
  return renderListFrame(list, key, renderListItems(list, context))
}

function renderTable(table: Tokens.Table, key: number, context: RenderContext): ReactNode {
  return (
    // Focusable so keyboard users can scroll a wide table.
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable
    <div key={key} className="aichatkit-table-scroll" tabIndex={0}>
      <table>
        <thead>
          <tr>
            {table.header.map((cell, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: columns are positional
              <th key={index} scope="col" style={alignment(cell.align)}>
                {children(cell.tokens, context)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, rowIndex) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional
            <tr key={rowIndex}>
              {row.map((cell, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: columns are positional
                <td key={index} style={alignment(cell.align)}>
                  {children(cell.tokens, context)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** One block token (paragraph, heading, list, table, code, quote, …). */
export function renderBlock(token: Token, key: number, context: RenderContext): ReactNode {
  // Over 60 lines: one case per markdown block type, each a line or two of markup.
  const caret = context.open ? <Caret /> : null
  switch (token.type) {
    case "space":
    case "def":
      return null
    case "paragraph":
      return (
        <p key={key}>
          {children((token as Tokens.Paragraph).tokens, context)}
          {caret}
        </p>
      )
    case "text": {
      // A tight list item's text: inline content without a paragraph around it.
      const text = token as Tokens.Text
      return (
        <span key={key}>
          {text.tokens === undefined ? decodeEntities(text.text) : children(text.tokens, context)}
          {caret}
        </span>
      )
    }
    case "heading": {
      const heading = token as Tokens.Heading
      const Tag = `h${Math.min(Math.max(heading.depth, 1), 6)}` as "h1"
      return (
        <Tag key={key}>
          {children(heading.tokens, context)}
          {caret}
        </Tag>
      )
    }
    case "code": {
      const code = token as Tokens.Code
      const language = ((code.lang ?? "").trim().split(/\s+/)[0] ?? "").slice(0, 32)
      return [
        <CodeBlock
          key={key}
          code={code.text}
          language={language}
          streaming={context.open}
          labels={context.labels}
        />,
        caret === null ? null : <Caret key={`${key}-caret`} />,
      ]
    }
    case "blockquote":
      return (
        <blockquote key={key}>
          {(token as Tokens.Blockquote).tokens.map((child, index) =>
            renderBlock(child, index, { ...context, open: false }),
          )}
          {caret}
        </blockquote>
      )
    case "list":
      return [
        renderList(token as Tokens.List, key, context),
        caret === null ? null : <Caret key={`${key}-caret`} />,
      ]
    case "table":
      return [
        renderTable(token as Tokens.Table, key, context),
        caret === null ? null : <Caret key={`${key}-caret`} />,
      ]
    case "hr":
      return <hr key={key} />
    case PLAIN_TEXT_TOKEN:
      return (
        <div key={key} className="aichatkit-markdown-plain">
          <p className="aichatkit-markdown-notice">{context.labels.plainTextNotice}</p>
          <p className="aichatkit-markdown-source">
            {token.raw}
            {caret}
          </p>
        </div>
      )
    default:
      // html blocks and anything unknown: the source text, as text.
      return (
        <p key={key} className="aichatkit-markdown-source">
          {token.raw}
          {caret}
        </p>
      )
  }
}
