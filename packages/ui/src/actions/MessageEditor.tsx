import { type FormEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from "react"
import { cx } from "../class-names.js"
import type { ActionLabels } from "./labels.js"

/** Props of {@link MessageEditor}. */
export interface MessageEditorProps {
  /** The message's text when editing starts. */
  initialText: string
  /** Sends the edited text (not called with blank text). */
  onSubmit: (text: string) => void
  /** Leaves edit mode without sending (Cancel, Escape). */
  onCancel: () => void
  labels: ActionLabels
  /** Extra class names for the root element. */
  className?: string
}

/** Edit mode of a user message: its text in a field, Send and Cancel. Escape cancels. */
export function MessageEditor({
  initialText,
  onSubmit,
  onCancel,
  labels,
  className,
}: MessageEditorProps) {
  const [text, setText] = useState(initialText)
  const field = useRef<HTMLTextAreaElement>(null)
  const fieldId = useId()
  useEffect(() => {
    field.current?.focus()
    field.current?.select()
  }, [])
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (text.trim() !== "") onSubmit(text)
  }
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Escape") {
      event.preventDefault()
      onCancel()
    }
  }
  return (
    <form className={cx("aichatkit-message-editor", className)} onSubmit={submit}>
      <label htmlFor={fieldId} className="aichatkit-visually-hidden">
        {labels.editField}
      </label>
      <textarea
        id={fieldId}
        ref={field}
        className="aichatkit-message-editor-field"
        value={text}
        rows={Math.min(8, Math.max(2, text.split("\n").length))}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
      />
      <div className="aichatkit-message-editor-buttons">
        <button type="button" className="aichatkit-button" onClick={onCancel}>
          {labels.cancelEdit}
        </button>
        <button
          type="submit"
          className="aichatkit-button aichatkit-button--primary"
          disabled={text.trim() === ""}
        >
          {labels.sendEdit}
        </button>
      </div>
    </form>
  )
}
MessageEditor.displayName = "MessageEditor"
