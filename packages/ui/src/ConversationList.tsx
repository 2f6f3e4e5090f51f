import { forwardRef, memo, useCallback, useEffect, useRef, useState } from "react"
import { cx } from "./class-names.js"
import { useChatContext, useLabels } from "./context.js"
import { DeletedConversationNotice } from "./DeletedConversationNotice.js"
import { useChatSelector, useConversationIds } from "./hooks/store-hooks.js"
import { useRovingGrid } from "./hooks/use-roving-grid.js"
import { settle } from "./settle.js"

/** Props of {@link ConversationList}. */
export interface ConversationListProps {
  /** Called with the new conversation's id once "New chat" has created it. */
  onCreate?: ((conversationId: string) => void) | undefined
  /** How long a deleted conversation can be brought back with Undo, in ms. Default 8000. */
  undoDeleteMs?: number | undefined
  /** Extra class on the sidebar. */
  className?: string | undefined
}

/** The cells of a row: select, rename, delete. */
const COLUMNS = 3

/**
 * The sidebar of conversations: a "New chat" button, then the conversations as one grid
 * (WAI-ARIA grid pattern) that is a single tab stop: arrow keys move between conversations
 * (up, down) and between a row's select, rename and delete (left, right). Rename is inline
 * (Enter saves, Escape cancels). Re-renders only when a conversation is created, deleted,
 * renamed or selected, never while tokens stream.
 */
export const ConversationList = forwardRef<HTMLElement, ConversationListProps>(
  function ConversationList({ onCreate, undoDeleteMs = 8_000, className }, ref) {
    const { controller, labels } = useChatContext()
    const ids = useConversationIds()
    const activeId = useChatSelector((state) => state.activeConversationId)
    const grid = useRovingGrid(ids, COLUMNS, activeId)
    const newButton = useRef<HTMLButtonElement>(null)
    // Keyboard users keep their place: a deleted row hands focus to "New chat".
    const focusNewButton = useCallback(() => newButton.current?.focus(), [])
    // Undo hands focus to the conversation it brought back.
    const focusConversation = useCallback((conversationId: string) => {
      const cells =
        newButton.current?.parentElement?.querySelectorAll<HTMLElement>('[data-grid-column="0"]')
      for (const cell of cells ?? []) {
        if (cell.dataset.gridRow === conversationId) cell.focus()
      }
    }, [])
    return (
      <nav
        ref={ref}
        className={cx("aichatkit-conversation-list", className)}
        aria-label={labels.conversations}
      >
        <button
          ref={newButton}
          type="button"
          className="aichatkit-button aichatkit-button--primary aichatkit-new-conversation"
          onClick={() =>
            settle(controller.createConversation().then((created) => onCreate?.(created)))
          }
        >
          {labels.newConversation}
        </button>
        <DeletedConversationNotice onRestored={focusConversation} />
        {ids.length > 0 && (
          <table
            ref={grid.gridRef}
            // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: a table with role="grid" is the WAI-ARIA grid pattern; its one tab stop is the roving cell inside it.
            role="grid"
            aria-label={labels.conversations}
            className="aichatkit-conversation-list-items"
            onKeyDown={grid.onKeyDown}
            onFocus={grid.onFocus}
          >
            <tbody>
              {ids.map((id) => (
                <ConversationRow
                  key={id}
                  conversationId={id}
                  tabColumn={grid.tabColumn(id)}
                  onDeleted={focusNewButton}
                  undoDeleteMs={undoDeleteMs}
                />
              ))}
            </tbody>
          </table>
        )}
      </nav>
    )
  },
)
ConversationList.displayName = "ConversationList"

const ConversationRow = memo(function ConversationRow({
  conversationId,
  tabColumn,
  onDeleted,
  undoDeleteMs,
}: {
  conversationId: string
  /** Which of this row's cells is the grid's tab stop, if any. */
  tabColumn: number | undefined
  onDeleted: () => void
  undoDeleteMs: number
}) {
  // Over 60 lines: one grid row's three cells, mostly markup (the rename form is RenameRow).
  const { controller, labels } = useChatContext()
  const renameButton = useRef<HTMLButtonElement>(null)
  const refocusRename = useRef(false)
  const [draft, setDraft] = useState<string>()
  // After a rename is saved or abandoned, focus goes back to the row's Rename button.
  useEffect(() => {
    if (draft !== undefined || !refocusRename.current) return
    refocusRename.current = false
    renameButton.current?.focus()
  }, [draft])
  const closeEditor = () => {
    refocusRename.current = true
    setDraft(undefined)
  }
  const title = useChatSelector((state) => state.conversations[conversationId]?.title ?? "")
  const active = useChatSelector((state) => state.activeConversationId === conversationId)
  const shownTitle = title || labels.untitled

  if (draft !== undefined) {
    return (
      <RenameRow
        draft={draft}
        onChange={setDraft}
        onSave={() => {
          const next = draft.trim()
          if (next !== "") controller.renameConversation(conversationId, next)
          closeEditor()
        }}
        onClose={closeEditor}
      />
    )
  }
  const cell = (column: number) => ({
    "data-grid-row": conversationId,
    "data-grid-column": column,
    tabIndex: tabColumn === column ? 0 : -1,
  })

  return (
    <tr className={cx("aichatkit-conversation", active && "aichatkit-conversation--active")}>
      <td className="aichatkit-conversation-cell--title">
        <button
          {...cell(0)}
          type="button"
          className="aichatkit-conversation-select"
          aria-current={active ? "page" : undefined}
          onClick={() => controller.selectConversation(conversationId)}
        >
          {shownTitle}
        </button>
      </td>
      <td>
        <button
          {...cell(1)}
          ref={renameButton}
          type="button"
          className="aichatkit-icon-button"
          aria-label={`${labels.renameConversation} ${shownTitle}`}
          title={labels.renameConversation}
          onClick={() => setDraft(title)}
        >
          <span aria-hidden="true">✎</span>
        </button>
      </td>
      <td>
        <button
          {...cell(2)}
          type="button"
          className="aichatkit-icon-button aichatkit-icon-button--danger"
          aria-label={`${labels.deleteConversation} ${shownTitle}`}
          title={labels.deleteConversation}
          onClick={() => {
            onDeleted()
            settle(controller.deleteConversation(conversationId, { undoMs: undoDeleteMs }))
          }}
        >
          <span aria-hidden="true">✕</span>
        </button>
      </td>
    </tr>
  )
})

/** A conversation's row while it is renamed: the title field, Save and Cancel. */
function RenameRow({
  draft,
  onChange,
  onSave,
  onClose,
}: {
  draft: string
  onChange: (draft: string) => void
  onSave: () => void
  onClose: () => void
}) {
  const labels = useLabels()
  return (
    <tr className="aichatkit-conversation aichatkit-conversation--editing">
      <td colSpan={COLUMNS} className="aichatkit-conversation-cell--title">
        <form
          className="aichatkit-conversation-rename"
          onSubmit={(event) => {
            event.preventDefault()
            onSave()
          }}
        >
          <input
            className="aichatkit-conversation-title-input"
            aria-label={labels.conversationTitle}
            value={draft}
            // biome-ignore lint/a11y/noAutofocus: the user just asked to rename this row.
            autoFocus
            onChange={(event) => onChange(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === "Escape") onClose()
            }}
          />
          <button type="submit" className="aichatkit-button">
            {labels.save}
          </button>
          <button type="button" className="aichatkit-button" onClick={onClose}>
            {labels.cancel}
          </button>
        </form>
      </td>
    </tr>
  )
}
