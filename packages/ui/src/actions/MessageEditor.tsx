import { type FormEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from "react"
import { cx } from "../class-names.js"
import { type ActionLabels, fillIn } from "./labels.js"

/** Props of {@link MessageEditor}. */
export interface MessageEditorProps {
  /** The message's text when editing starts. */
  initialText: string
  /** The names of the message's files, sent again with the text (which may then be blank). */
  fileNames?: readonly string[] | undefined
  /** Sends the edited text (not called with blank text, unless the message has files). */
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
  fileNames = [],
  onSubmit,
  onCancel,
  labels,
  className,
}: MessageEditorProps) {
  const [text, setText] = useState(initialText)
  const field = useRef<HTMLTextAreaElement>(null)
  const fieldId = useId()
  const filesId = useId()
  // A message of files is still a message without text: the files are sent again.
  const canSend = text.trim() !== "" || fileNames.length > 0
  useEffect(() => {
    field.current?.focus()
    field.current?.select()
  }, [])
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (canSend) onSubmit(text)
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
        aria-describedby={fileNames.length > 0 ? filesId : undefined}
      />
      {fileNames.length > 0 ? (
        <p id={filesId} className="aichatkit-message-editor-files">
          {fillIn(labels.editKeepsFiles, { files: fileNames.join(", ") })}
        </p>
      ) : null}
      <div className="aichatkit-message-editor-buttons">
        <button type="button" className="aichatkit-button" onClick={onCancel}>
          {labels.cancelEdit}
        </button>
        <button
          type="submit"
          className="aichatkit-button aichatkit-button--primary"
          disabled={!canSend}
        >
          {labels.sendEdit}
        </button>
      </div>
    </form>
  )
}
MessageEditor.displayName = "MessageEditor"
