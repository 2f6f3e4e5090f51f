/**
 * Lazy syntax highlighting: `loadHighlighter()` imports `highlighter.ts` on first use;
 * `renderHighlighted()` maps the hast tree to React `<span>`s with the highlighter's classes.
 */
import type { ElementContent, Root } from "hast"
import type { ReactNode } from "react"

/** Highlights `code` as `language`; undefined when the language is not known. */
export type HighlightFunction = (code: string, language: string) => Root | undefined

let loading: Promise<HighlightFunction> | undefined

/** The highlighter, imported once on first call. */
export function loadHighlighter(): Promise<HighlightFunction> {
  loading ??= import("./highlighter.js").then(
    (module) => module.highlightCode,
    (error: unknown) => {
      // A failed chunk load (offline, deploy in between) leaves code as plain text; allow
      // a later code block to try again.
      loading = undefined
      throw error
    },
  )
  return loading
}

/** Code longer than this stays plain text: highlighting it would block the main thread. */
export const maxHighlightLength = 100_000

function className(value: unknown): string | undefined {
  if (Array.isArray(value)) return value.filter((part) => typeof part === "string").join(" ")
  return typeof value === "string" ? value : undefined
}

function renderNode(node: ElementContent, key: number): ReactNode {
  if (node.type === "text") return node.value
  if (node.type !== "element") return null
  // Whatever the tree says, only spans with a class are produced.
  return (
    <span key={key} className={className(node.properties.className)}>
      {node.children.map(renderNode)}
    </span>
  )
}

/** The React elements of a highlighted tree. */
export function renderHighlighted(tree: Root): ReactNode {
  return tree.children.map((node, index) =>
    node.type === "doctype" ? null : renderNode(node as ElementContent, index),
  )
}
