import type { ReactNode } from "react"
import type { Labels } from "../labels.js"
import { formatJson, isRecord } from "./json.js"
import { type ItemLabels, resolveItemLabels } from "./labels.js"

/** Props of {@link JsonValue}. */
export interface JsonValueProps {
  /** Any JSON value. */
  value: unknown
  /** Strings for empty and unrenderable values. */
  labels?: Partial<Labels> | undefined
}

/** Lists and tables longer than this show a count of what was left out. */
const maxEntries = 100
/** Deeper than this, values show as JSON text. */
const maxDepth = 5

function isPrimitive(value: unknown): boolean {
  return value === null || (typeof value !== "object" && typeof value !== "function")
}

function more(count: number, key: string): ReactNode {
  return count > 0 ? (
    <p key={key} className="aichatkit-json-more">
      … {count} more
    </p>
  ) : null
}

function renderValue(
  value: unknown,
  labels: ItemLabels,
  depth: number,
  seen: Set<object>,
): ReactNode {
  // Over 60 lines: one branch per JSON kind (empty, text, number, list, object, cycle, depth limit), each a few lines of markup.
  if (value === null || value === undefined || value === "") {
    return <span className="aichatkit-json-empty">{labels.emptyValue}</span>
  }
  if (typeof value === "string") return <span className="aichatkit-json-string">{value}</span>
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") {
    return <span className={`aichatkit-json-${typeof value}`}>{String(value)}</span>
  }
  if (typeof value !== "object") return labels.unrenderableValue
  if (seen.has(value)) return labels.unrenderableValue
  if (depth >= maxDepth) return <code className="aichatkit-json-text">{formatJson(value)}</code>
  const inner = new Set(seen).add(value)

  if (Array.isArray(value)) {
    if (value.length === 0) return <span className="aichatkit-json-empty">{labels.emptyValue}</span>
    const shown = value.slice(0, maxEntries)
    if (shown.every(isRecord) && shown.every((row) => Object.values(row).every(isPrimitive))) {
      const columns = [...new Set(shown.flatMap((row) => Object.keys(row)))].slice(0, 20)
      return (
        <>
          {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable */}
          <div className="aichatkit-table-scroll" tabIndex={0}>
            <table className="aichatkit-json-table">
              <thead>
                <tr>
                  {columns.map((column) => (
                    <th key={column} scope="col">
                      {column}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {shown.map((row, index) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional
                  <tr key={index}>
                    {columns.map((column) => (
                      <td key={column}>{renderValue(row[column], labels, depth + 1, inner)}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {more(value.length - shown.length, "more")}
        </>
      )
    }
    return (
      <>
        <ul className="aichatkit-json-list">
          {shown.map((entry, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: entries are positional
            <li key={index}>{renderValue(entry, labels, depth + 1, inner)}</li>
          ))}
        </ul>
        {more(value.length - shown.length, "more")}
      </>
    )
  }

  const entries = Object.entries(value)
  if (entries.length === 0) return <span className="aichatkit-json-empty">{labels.emptyValue}</span>
  const shown = entries.slice(0, maxEntries)
  return (
    <>
      <dl className="aichatkit-json-object">
        {shown.map(([key, entry]) => (
          <div key={key} className="aichatkit-json-entry">
            <dt>{key}</dt>
            <dd>{renderValue(entry, labels, depth + 1, inner)}</dd>
          </div>
        ))}
      </dl>
      {more(entries.length - shown.length, "more")}
    </>
  )
}

/**
 * A readable default for any JSON: objects as key–value lists, arrays of flat objects as
 * tables, other arrays as lists, strings as text (never HTML).
 */
export function JsonValue({ value, labels }: JsonValueProps): ReactNode {
  return renderValue(value, resolveItemLabels(labels), 0, new Set())
}
