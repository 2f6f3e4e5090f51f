import type { ToolCallItem, ToolCallResponse } from "@aichatkit/types"
import { type FormEvent, type ReactNode, useId, useMemo, useState } from "react"
import { cx } from "../class-names.js"
import type { Labels } from "../labels.js"
import { type ItemLabels, resolveItemLabels } from "./labels.js"

/** Props of {@link ToolApproval}. */
export interface ToolApprovalProps {
  /** Sends the user's answer. */
  respond: (response: ToolCallResponse) => void
  /** The strings in effect. */
  labels: ItemLabels
  /** Extra class names for the root element. */
  className?: string | undefined
}

/**
 * Approve and Deny for a tool call that waits for the user, with an optional reason. A form,
 * so Enter in the reason denies and both buttons are reached with Tab; after one answer both
 * are disabled (the controller refuses a second one anyway).
 */
export function ToolApproval({ respond, labels, className }: ToolApprovalProps) {
  const [reason, setReason] = useState("")
  const [answered, setAnswered] = useState(false)
  const reasonId = useId()
  const answer = (approved: boolean) => {
    if (answered) return
    setAnswered(true)
    const text = reason.trim()
    respond(text === "" ? { approved } : { approved, reason: text })
  }
  const deny = (event: FormEvent) => {
    event.preventDefault()
    answer(false)
  }
  return (
    <form className={cx("aichatkit-tool-approval", className)} onSubmit={deny}>
      <label className="aichatkit-tool-approval-reason" htmlFor={reasonId}>
        {labels.denyReason}
      </label>
      <input
        id={reasonId}
        className="aichatkit-tool-approval-input"
        type="text"
        value={reason}
        disabled={answered}
        onChange={(event) => setReason(event.target.value)}
      />
      <div className="aichatkit-tool-approval-actions">
        <button
          type="button"
          className="aichatkit-card-action aichatkit-card-action--button"
          disabled={answered}
          onClick={() => answer(true)}
        >
          {labels.approveTool}
        </button>
        <button
          type="submit"
          className="aichatkit-card-action aichatkit-card-action--link"
          disabled={answered}
        >
          {labels.denyTool}
        </button>
      </div>
    </form>
  )
}
ToolApproval.displayName = "ToolApproval"

/** Props of {@link ToolCallAnswerControls}. */
export interface ToolCallAnswerControlsProps {
  item: ToolCallItem
  answer: { respond: ((response: ToolCallResponse) => void) | undefined; element: ReactNode }
  labels: Partial<Labels> | undefined
}

/** The answer's controls after an app's own tool renderer: Approve / Deny, or the browser tool's component. */
export function ToolCallAnswerControls({ item, answer, labels }: ToolCallAnswerControlsProps) {
  const text = useMemo(() => resolveItemLabels(labels), [labels])
  const approval =
    item.toolCall.status === "awaiting-approval" && answer.respond ? (
      <ToolApproval respond={answer.respond} labels={text} />
    ) : null
  if (approval === null && answer.element == null) return null
  return (
    <div className="aichatkit-tool-call-answer">
      {approval}
      {answer.element}
    </div>
  )
}
ToolCallAnswerControls.displayName = "ToolCallAnswerControls"
