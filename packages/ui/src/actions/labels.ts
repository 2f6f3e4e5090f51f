/**
 * The strings of a message's actions (copy, rating, edit, regenerate) and of the branch
 * picker, kept beside them so the parts load lazily with their words.
 */

/** The strings of `ItemActions`, `MessageEditor` and `BranchPicker`. */
export interface ActionLabels {
  /** The accessible name of an item's row of actions. */
  messageActions: string
  /** The copy button, and what is announced when the text is on the clipboard. */
  copyMessage: string
  copied: string
  /** Announced when the browser refused the clipboard. */
  copyFailed: string
  /** The rating buttons (toggles: pressed when chosen). */
  goodAnswer: string
  badAnswer: string
  /** The button that opens a user message for editing, and the field's accessible name. */
  editMessage: string
  editField: string
  /** Under the editor of a message of files: they are sent again with the text (`{files}`). */
  editKeepsFiles: string
  /** The editor's buttons. */
  sendEdit: string
  cancelEdit: string
  /** The button that answers the same question again. */
  regenerate: string
  /** The accessible name of the branch picker's group. */
  branches: string
  /** The picker's position (`{current}`, `{total}`), also announced when it changes. */
  branchPosition: string
  previousBranch: string
  nextBranch: string
}

/** The English defaults. */
export const defaultActionLabels: ActionLabels = {
  messageActions: "Message actions",
  copyMessage: "Copy",
  copied: "Copied",
  copyFailed: "Could not copy; select the text to copy it",
  goodAnswer: "Good answer",
  badAnswer: "Bad answer",
  editMessage: "Edit",
  editField: "Edit your message",
  editKeepsFiles: "Sent again with {files}",
  sendEdit: "Send",
  cancelEdit: "Cancel",
  regenerate: "Regenerate",
  branches: "Versions",
  branchPosition: "{current} / {total}",
  previousBranch: "Previous version",
  nextBranch: "Next version",
}

/** `template` with each `{name}` replaced by its value. */
export function fillIn(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(values, name) ? String(values[name]) : whole,
  )
}
