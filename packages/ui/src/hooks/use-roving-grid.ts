import {
  type FocusEvent,
  type KeyboardEvent,
  type RefObject,
  useCallback,
  useRef,
  useState,
} from "react"

/** A cell of the grid: its row's id and its column. */
export interface GridPosition {
  row: string
  column: number
}

/** What {@link useRovingGrid} gives the grid element and its cells. */
export interface RovingGrid {
  gridRef: RefObject<HTMLTableElement | null>
  /** The column of `row` that is the grid's one tab stop, or undefined. */
  tabColumn: (row: string) => number | undefined
  onKeyDown: (event: KeyboardEvent<HTMLElement>) => void
  onFocus: (event: FocusEvent<HTMLElement>) => void
}

/** The cell a grid element is, from its `data-grid-row` / `data-grid-column`. */
function cellOf(element: EventTarget): GridPosition | undefined {
  if (!(element instanceof HTMLElement)) return undefined
  const row = element.dataset.gridRow
  const column = Number(element.dataset.gridColumn)
  return row === undefined || !Number.isInteger(column) ? undefined : { row, column }
}

/** Where a key moves from `from`, or undefined for keys the grid does not handle. */
function moveFor(
  key: string,
  ctrlKey: boolean,
  from: GridPosition,
  rows: readonly string[],
  columns: number,
): GridPosition | undefined {
  const index = rows.indexOf(from.row)
  const rowAt = (at: number) => rows[Math.min(Math.max(at, 0), rows.length - 1)]!
  switch (key) {
    case "ArrowDown":
      return { row: rowAt(index + 1), column: from.column }
    case "ArrowUp":
      return { row: rowAt(index - 1), column: from.column }
    case "ArrowRight":
      return { row: from.row, column: Math.min(from.column + 1, columns - 1) }
    case "ArrowLeft":
      return { row: from.row, column: Math.max(from.column - 1, 0) }
    case "Home":
      return ctrlKey ? { row: rowAt(0), column: 0 } : { row: from.row, column: 0 }
    case "End":
      return ctrlKey
        ? { row: rowAt(rows.length - 1), column: columns - 1 }
        : { row: from.row, column: columns - 1 }
    default:
      return undefined
  }
}

/**
 * A layout grid with one tab stop (the WAI-ARIA grid pattern): Tab enters at the last cell
 * used, arrow keys move between rows and columns, Home/End to the row's ends, Ctrl+Home/End
 * to the grid's. Cells carry `data-grid-row` and `data-grid-column`; the row ids are
 * `rows`, in order; `preferredRow` holds the tab stop until a cell is used.
 */
export function useRovingGrid(
  rows: readonly string[],
  columns: number,
  preferredRow: string | undefined,
): RovingGrid {
  const gridRef = useRef<HTMLTableElement>(null)
  const [position, setPosition] = useState<GridPosition>()
  const current: GridPosition | undefined =
    position && rows.includes(position.row)
      ? position
      : rows.length === 0
        ? undefined
        : { row: preferredRow && rows.includes(preferredRow) ? preferredRow : rows[0]!, column: 0 }

  const tabColumn = useCallback(
    (row: string) => (current?.row === row ? current.column : undefined),
    [current?.row, current?.column],
  )

  const onKeyDown = useCallback(
    (event: KeyboardEvent<HTMLElement>) => {
      const from = cellOf(event.target)
      if (!from) return
      const to = moveFor(event.key, event.ctrlKey || event.metaKey, from, rows, columns)
      if (!to) return
      event.preventDefault()
      setPosition(to)
      const cells = gridRef.current?.querySelectorAll<HTMLElement>("[data-grid-column]") ?? []
      for (const cell of cells) {
        const at = cellOf(cell)
        if (at?.row === to.row && at.column === to.column) cell.focus()
      }
    },
    [rows, columns],
  )

  // A cell focused by a click or by the app becomes the tab stop.
  const onFocus = useCallback((event: FocusEvent<HTMLElement>) => {
    const at = cellOf(event.target)
    if (at) setPosition(at)
  }, [])

  return { gridRef, tabColumn, onKeyDown, onFocus }
}
