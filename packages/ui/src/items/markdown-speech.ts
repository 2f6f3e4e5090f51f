/**
 * Markdown source → the text a sighted reader sees, for a live announcement: markup
 * characters gone, links as their text, code blocks summarised ("code block, 3 lines")
 * instead of read out character by character. Mirrors what `markdown-render.tsx` shows.
 */
import type { Token, Tokens } from "marked"
import { decodeEntities } from "./entities.js"
import type { ItemLabels } from "./labels.js"
import { lexedByView, lexMarkdown } from "./markdown-blocks.js"

/** The inline text of tokens, as rendered. */
function inlineText(tokens: readonly Token[] | undefined, labels: ItemLabels): string {
  return (tokens ?? []).map((token) => inlineTokenText(token, labels)).join("")
}

function inlineTokenText(token: Token, labels: ItemLabels): string {
  switch (token.type) {
    case "text": {
      const text = token as Tokens.Text
      return text.tokens?.length ? inlineText(text.tokens, labels) : decodeEntities(text.text)
    }
    case "escape":
      return (token as Tokens.Escape).text
    case "strong":
    case "em":
    case "del":
    case "link":
      return inlineText((token as Tokens.Strong).tokens, labels)
    case "codespan":
      return (token as Tokens.Codespan).text
    case "br":
      return " "
    case "image": {
      const image = token as Tokens.Image
      return decodeEntities(image.text) || image.href
    }
    case "checkbox":
      return `${(token as Tokens.Checkbox).checked ? labels.taskDone : labels.taskOpen}: `
    default:
      return token.raw
  }
}

/** "code block, 1 line" / "code block, 12 lines". */
function codeSummary(code: string, labels: ItemLabels): string {
  const lines = code === "" ? 0 : code.replace(/\n$/, "").split("\n").length
  const template = lines === 1 ? labels.announceCodeBlockLine : labels.announceCodeBlockLines
  return template.replace("{count}", String(lines))
}

/** The text of one block, or undefined for blocks that show nothing. */
function blockText(token: Token, labels: ItemLabels): string | undefined {
  switch (token.type) {
    case "space":
    case "def":
    case "hr":
      return undefined
    case "paragraph":
    case "heading":
      return inlineText((token as Tokens.Paragraph).tokens, labels)
    case "text": {
      const text = token as Tokens.Text
      return text.tokens === undefined ? decodeEntities(text.text) : inlineText(text.tokens, labels)
    }
    case "code":
      return codeSummary((token as Tokens.Code).text, labels)
    case "blockquote":
      return blocksText((token as Tokens.Blockquote).tokens, labels)
    case "list":
      return (token as Tokens.List).items
        .map((item) => blocksText(item.tokens, labels))
        .filter((text) => text !== "")
        .join("\n")
    case "table": {
      const table = token as Tokens.Table
      return [table.header, ...table.rows]
        .map((row) => row.map((cell) => inlineText(cell.tokens, labels)).join(", "))
        .join("\n")
    }
    default:
      return token.raw.trim()
  }
}

function blocksText(tokens: readonly Token[], labels: ItemLabels): string {
  const texts: string[] = []
  for (const token of tokens) {
    // A task item's checkbox is a token of its own before the item's text.
    if (token.type === "checkbox") {
      texts.push(inlineTokenText(token, labels).trim())
      continue
    }
    const text = blockText(token, labels)
    if (text !== undefined && text !== "") texts.push(text)
  }
  return texts.join("\n")
}

/**
 * What a screen reader should say for a finished markdown answer. An answer just shown is read
 * from the blocks its view lexed (a split list reads as the one list it is), not lexed again.
 */
export function markdownToSpeech(source: string, labels: ItemLabels): string {
  const text = typeof source === "string" ? source : ""
  return blocksText(lexedByView(text) ?? lexMarkdown(text), labels).trim()
}
