import type { ToolCallItem as ToolCallItemData, ToolCallResponse } from "@aichatkit/types"
import { forwardRef, memo, type ReactNode, useMemo } from "react"
import { cx } from "../class-names.js"
import type { Labels } from "../labels.js"
import { modifier } from "./class-names.js"
import { Disclosure } from "./Disclosure.js"
import { formatJson } from "./json.js"
import { type ItemLabels, resolveItemLabels, toolStatusLabel } from "./labels.js"
import { ToolApproval } from "./ToolApproval.js"

/** Props of {@link ToolCallItem}. */
export interface ToolCallItemProps {
  /** The tool call to show. */
  item: ToolCallItemData
  /** Strings to replace. */
  labels?: Partial<Labels> | undefined
  /** Extra class names for the root element. */
  className?: string
  /** Answers the call while it waits for the user (Approve / Deny); absent when the chat cannot send answers. */
  respond?: ((response: ToolCallResponse) => void) | undefined
  /** Drawn inside the call: a browser tool's own component while it waits. */
  children?: ReactNode
}

/** A symbol beside the status text, so the status is not told by colour alone. */
const statusIcons = {
  pending: "○",
  "awaiting-approval": "?",
  executing: "◐",
  completed: "✓",
  error: "✕",
  cancelled: "⊘",
} as const

/** Progress as a whole percent from 0 to 100, or undefined when unknown or nonsense. */
function percent(progress: unknown): number | undefined {
  if (typeof progress !== "number" || !Number.isFinite(progress)) return undefined
  return Math.round(Math.min(100, Math.max(0, progress)))
}

const ToolCallItemBase = forwardRef<HTMLDivElement, ToolCallItemProps>(function ToolCallItem(
  { item, labels, className, respond, children },
  ref,
) {
  // Over 60 lines: the markup of a tool call (header, status, arguments, result, error), no logic beyond the labels.
  const text = useMemo(() => resolveItemLabels(labels), [labels])
  const { name, status, arguments: args, result, error } = item.toolCall
  const statusText = toolStatusLabel(text, status) ?? String(status)
  const active = status === "pending" || status === "executing"
  const progress = active ? percent(item.toolCall.progress) : undefined
  return (
    // A fieldset is for form controls; this is a labelled group of output.
    // biome-ignore lint/a11y/useSemanticElements: see above
    <div
      ref={ref}
      role="group"
      className={cx("aichatkit-tool-call", `aichatkit-tool-call--${modifier(status)}`, className)}
      aria-label={`${text.toolCall}: ${name}`}
      aria-busy={(active && children == null) || undefined}
      data-item-id={item.id}
    >
      <div className="aichatkit-tool-call-header">
        <span className="aichatkit-tool-call-name">{name}</span>
        <span
          className={`aichatkit-tool-call-status aichatkit-tool-call-status--${modifier(status)}`}
        >
          <span aria-hidden="true">{statusIcons[status] ?? "?"} </span>
          {statusText}
        </span>
      </div>
      {progress === undefined ? null : (
        <div
          className="aichatkit-tool-call-progress"
          role="progressbar"
          aria-label={`${text.progress}: ${name}`}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={progress}
          aria-valuetext={`${progress}%`}
        >
          <div className="aichatkit-tool-call-progress-bar" style={{ width: `${progress}%` }} />
        </div>
      )}
      <ApprovalOutcome item={item} labels={text} />
      {status === "awaiting-approval" && respond ? (
        <ToolApproval respond={respond} labels={text} />
      ) : null}
      {children}
      {status === "error" && error ? (
        <p className="aichatkit-tool-call-error">
          <strong>{text.toolErrorMessage}: </strong>
          {error}
        </p>
      ) : null}
      <Disclosure label={text.arguments} className="aichatkit-tool-call-section">
        {() => (
          <pre className="aichatkit-tool-call-json">{formatJson(args, text.unrenderableValue)}</pre>
        )}
      </Disclosure>
      {result === undefined ? null : (
        <Disclosure label={text.result} className="aichatkit-tool-call-section">
          {() => (
            <pre className="aichatkit-tool-call-json">
              {formatJson(result, text.unrenderableValue)}
            </pre>
          )}
        </Disclosure>
      )}
    </div>
  )
})
ToolCallItemBase.displayName = "ToolCallItem"

/** What the user answered, on a call that asked for approval. */
function ApprovalOutcome({ item, labels }: { item: ToolCallItemData; labels: ItemLabels }) {
  const approval = item.toolCall.approval
  if (typeof approval !== "object" || approval === null) return null
  const reason = typeof approval.reason === "string" ? approval.reason : ""
  return (
    <p className="aichatkit-tool-call-approval">
      {approval.approved ? labels.toolApproved : labels.toolDenied}
      {reason === "" ? null : ` ${reason}`}
    </p>
  )
}

/**
 * A tool call: its name, a status badge (text and symbol, not colour alone), a progress bar
 * while it runs, the error when it failed, and collapsible arguments and result.
 */
export const ToolCallItem = memo(ToolCallItemBase)
ToolCallItem.displayName = "ToolCallItem"
