import type { Root } from "hast"
import { forwardRef, memo, useEffect, useRef, useState } from "react"
import type { Labels } from "../labels.js"
import { loadHighlighter, maxHighlightLength, renderHighlighted } from "./highlight.js"
import { resolveItemLabels } from "./labels.js"

/** Props of {@link CodeBlock}. */
export interface CodeBlockProps {
  /** The code, shown as text. */
  code: string
  /** The fence's language (`ts` in ```` ```ts ````); empty when none. */
  language?: string
  /** Whether the block is still being written: no highlighting until it is finished. */
  streaming?: boolean
  /** Strings to replace (copy button texts). */
  labels?: Partial<Labels> | undefined
  /** Extra class names for the root element. */
  className?: string
}

type CopyState = "idle" | "copied" | "failed"

/** How long "Copied" shows before the button reads "Copy code" again. */
const copyFeedbackMs = 2000

/** Highlights `code` once the highlighter has loaded; undefined until then or when unknown. */
function useHighlighted(code: string, language: string, enabled: boolean): Root | undefined {
  const [highlighted, setHighlighted] = useState<{ code: string; tree: Root } | undefined>()
  useEffect(() => {
    if (!enabled || language === "" || code.length > maxHighlightLength) return
    let active = true
    loadHighlighter().then(
      (highlight) => {
        const tree = highlight(code, language)
        if (active && tree !== undefined) setHighlighted({ code, tree })
      },
      () => {
        // The chunk failed to load: the code stays plain text, which is still correct.
      },
    )
    return () => {
      active = false
    }
  }, [code, language, enabled])
  return enabled && highlighted?.code === code ? highlighted.tree : undefined
}

/** Copies text to the clipboard and reports how it went for a moment. */
function useCopy(text: string): [CopyState, () => void] {
  const [state, setState] = useState<CopyState>("idle")
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  useEffect(() => () => clearTimeout(timer.current), [])
  const copy = () => {
    const show = (next: CopyState) => {
      setState(next)
      clearTimeout(timer.current)
      timer.current = setTimeout(() => setState("idle"), copyFeedbackMs)
    }
    const clipboard = typeof navigator === "undefined" ? undefined : navigator.clipboard
    if (clipboard === undefined) return show("failed")
    clipboard.writeText(text).then(
      () => show("copied"),
      () => show("failed"),
    )
  }
  return [state, copy]
}

const CodeBlockBase = forwardRef<HTMLDivElement, CodeBlockProps>(function CodeBlock(
  { code, language = "", streaming = false, labels, className },
  ref,
) {
  const text = resolveItemLabels(labels)
  const highlighted = useHighlighted(code, language, !streaming)
  const [copyState, copy] = useCopy(code)
  const copyLabel =
    copyState === "copied" ? text.copied : copyState === "failed" ? text.copyFailed : text.copyCode
  return (
    <div
      ref={ref}
      className={["aichatkit-code-block", className].filter(Boolean).join(" ")}
      data-language={language || undefined}
    >
      <div className="aichatkit-code-block-header">
        <span className="aichatkit-code-block-language">{language || text.codeLanguageNone}</span>
        <button
          type="button"
          className={`aichatkit-code-block-copy aichatkit-code-block-copy--${copyState}`}
          onClick={copy}
          aria-live="polite"
        >
          {copyLabel}
        </button>
      </div>
      {/* Focusable so keyboard users can scroll long lines. */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable */}
      <pre className="aichatkit-code-block-pre" tabIndex={0}>
        <code className={highlighted === undefined ? undefined : "hljs"}>
          {highlighted === undefined ? code : renderHighlighted(highlighted)}
        </code>
      </pre>
    </div>
  )
})
CodeBlockBase.displayName = "CodeBlock"

/** A fenced code block: language label, a copy button, and highlighting loaded on demand. */
export const CodeBlock = memo(CodeBlockBase)
CodeBlock.displayName = "CodeBlock"
