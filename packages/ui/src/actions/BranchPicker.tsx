import type { BranchPosition } from "@aichatkit/store"
import { useEffect, useId, useRef } from "react"
import { cx } from "../class-names.js"
import { type ActionLabels, fillIn } from "./labels.js"

/** Props of {@link BranchPicker}. */
export interface BranchPickerProps {
  /** Where the item starts alternatives: the one shown, of how many. */
  position: BranchPosition
  /** Shows alternative `index` (from 0). */
  onSelect: (index: number) => void
  /** Whether switching waits (an answer is arriving). */
  disabled?: boolean
  /** Names the branch point (conversation and place): the picker that replaces this one takes its focus. */
  focusKey: string
  labels: ActionLabels
  /** Extra class names for the root element. */
  className?: string
}

/**
 * Switching shows other items, so the picker the user pressed is replaced by a new one: it
 * leaves here which button had focus, and the new one takes it when it mounts.
 */
const pendingFocus = new Map<string, "previous" | "next">()

/**
 * "2 / 3" between a previous and a next button: moves between the versions of an edited
 * message or a regenerated answer. Each button is described by the position, so a screen
 * reader says where the user is whenever a button takes focus.
 */
export function BranchPicker({
  position,
  onSelect,
  disabled = false,
  focusKey,
  labels,
  className,
}: BranchPickerProps) {
  const positionId = useId()
  const previous = useRef<HTMLButtonElement>(null)
  const next = useRef<HTMLButtonElement>(null)
  const { selected, count } = position
  const atFirst = selected === 0
  const atLast = selected === count - 1
  useEffect(() => {
    const pressed = pendingFocus.get(focusKey)
    if (pressed === undefined) return
    pendingFocus.delete(focusKey)
    // The same button as before, unless that end was reached (a disabled button takes no focus).
    const target = pressed === "previous" ? (atFirst ? next : previous) : atLast ? previous : next
    target.current?.focus()
  }, [focusKey, atFirst, atLast])
  const select = (index: number) => {
    pendingFocus.set(focusKey, index < selected ? "previous" : "next")
    onSelect(index)
  }
  return (
    <fieldset aria-label={labels.branches} className={cx("aichatkit-branch-picker", className)}>
      <button
        ref={previous}
        type="button"
        className="aichatkit-action-button"
        aria-label={labels.previousBranch}
        aria-describedby={positionId}
        disabled={disabled || atFirst}
        onClick={() => select(selected - 1)}
      >
        <span aria-hidden="true">‹</span>
      </button>
      <span id={positionId} className="aichatkit-branch-position">
        {fillIn(labels.branchPosition, { current: selected + 1, total: count })}
      </span>
      <button
        ref={next}
        type="button"
        className="aichatkit-action-button"
        aria-label={labels.nextBranch}
        aria-describedby={positionId}
        disabled={disabled || atLast}
        onClick={() => select(selected + 1)}
      >
        <span aria-hidden="true">›</span>
      </button>
    </fieldset>
  )
}
BranchPicker.displayName = "BranchPicker"
