/**
 * The reference tables of the Theming and Labels pages, read from the library's own sources at
 * build time (Vite `?raw`), so a variable or label added there shows here without an edit.
 */
import { defaultLabels } from "@aichatkit/ui"
import type { ReactNode } from "react"

/** Every stylesheet and label module of the ui package, whichever files they are in today. */
const stylesheets = import.meta.glob<string>("../../packages/ui/src/**/*.css", {
  query: "?raw",
  import: "default",
  eager: true,
})
const labelModules = import.meta.glob<string>("../../packages/ui/src/**/labels.ts", {
  query: "?raw",
  import: "default",
  eager: true,
})

/** What each theme variable is for; a variable missing here still shows, with its name only. */
const variableUse: Readonly<Record<string, string>> = {
  "--aichatkit-bg": "Background of the chat, buttons and inputs.",
  "--aichatkit-fg": "Text colour.",
  "--aichatkit-muted": "Secondary text: timestamps, hints, the language of a code block.",
  "--aichatkit-border": "Borders and dividers.",
  "--aichatkit-accent": "Primary buttons, links, focus rings, progress.",
  "--aichatkit-accent-fg": "Text on the accent colour.",
  "--aichatkit-user-bg": "Background of the user's messages.",
  "--aichatkit-user-fg": "Text of the user's messages.",
  "--aichatkit-assistant-bg": "Background of the assistant's messages and avatars.",
  "--aichatkit-assistant-fg": "Text of the assistant's messages.",
  "--aichatkit-danger": "Errors: the banner, a failed tool call, delete buttons.",
  "--aichatkit-success": "A completed tool call, the connected badge.",
  "--aichatkit-warning": "Reconnecting, blocked links.",
  "--aichatkit-code-bg": "Background of code blocks and inline code.",
  "--aichatkit-code-fg": "Text of code.",
  "--aichatkit-radius": "Corner radius of bubbles, buttons and cards.",
  "--aichatkit-font": "Font of the chat.",
  "--aichatkit-font-mono": "Font of code.",
  "--aichatkit-space": "The spacing unit; paddings and gaps are multiples of it.",
  "--aichatkit-chat-view-max-height":
    "How tall ChatView grows in a parent without a height before its list scrolls (none lets the page grow).",
}

/** The theme switches are the stylesheet's own mechanism, not something to set. */
const internalVariables = new Set(["--aichatkit-light", "--aichatkit-dark"])

interface ThemeVariable {
  name: string
  /** The value in the light theme (or in both, when it does not depend on the theme). */
  light: string
  /** The value in the dark theme, when it differs. */
  dark?: string
}

const themed = /^var\(--aichatkit-light,\s*(.+?)\)\s+var\(--aichatkit-dark,\s*(.+?)\)$/

/** Every `--aichatkit-*` variable the stylesheets set or read with a fallback. */
export function themeVariables(): ThemeVariable[] {
  const css = Object.values(stylesheets).join("\n")
  const found = new Map<string, ThemeVariable>()
  for (const [, name, value] of css.matchAll(/(--aichatkit-[a-z0-9-]+):\s*([^;]*);/g)) {
    if (name === undefined || value === undefined || internalVariables.has(name)) continue
    const pair = themed.exec(value.trim())
    found.set(
      name,
      pair ? { name, light: pair[2]!, dark: pair[1]! } : { name, light: value.trim() },
    )
  }
  for (const [, name, fallback] of css.matchAll(/var\((--aichatkit-[a-z0-9-]+),\s*([^)]+)\)/g)) {
    if (name === undefined || fallback === undefined || internalVariables.has(name)) continue
    if (!found.has(name)) found.set(name, { name, light: fallback.trim() })
  }
  return [...found.values()]
}

function Swatch({ value }: { value: string }): ReactNode {
  if (!/^#[0-9a-f]{3,8}$/i.test(value)) return <code>{value}</code>
  return (
    <span style={{ display: "inline-flex", alignItems: "center", gap: 6 }}>
      <span
        aria-hidden="true"
        style={{
          width: 14,
          height: 14,
          borderRadius: 3,
          background: value,
          border: "1px solid rgba(128, 128, 128, 0.5)",
        }}
      />
      <code>{value}</code>
    </span>
  )
}

/** The table of the Theming page: name, light value, dark value, what it is for. */
export function ThemeVariablesTable(): ReactNode {
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">Variable</th>
          <th scope="col">Light</th>
          <th scope="col">Dark</th>
          <th scope="col">Used for</th>
        </tr>
      </thead>
      <tbody>
        {themeVariables().map(({ name, light, dark }) => (
          <tr key={name}>
            <td>
              <code>{name}</code>
            </td>
            <td>
              <Swatch value={light} />
            </td>
            <td>{dark === undefined ? "same" : <Swatch value={dark} />}</td>
            <td>{variableUse[name] ?? ""}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/**
 * Each label key with the sentence of its JSDoc comment: a comment describes the keys that
 * follow it up to the next comment (as "Connection badge texts by status" does for four).
 */
function labelDescriptions(): Map<string, string> {
  const descriptions = new Map<string, string>()
  for (const source of Object.values(labelModules)) {
    const body = /export interface \w*Labels[^{]*\{([\s\S]*?)\n\}/.exec(source)?.[1] ?? ""
    let comment = ""
    for (const line of body.split("\n")) {
      const doc = /^\s*\/\*\*\s*(.*?)\s*\*\/\s*$/.exec(line)
      if (doc) comment = doc[1] ?? ""
      const key = /^\s*(\w+)\??:/.exec(line)?.[1]
      if (key !== undefined) descriptions.set(key, comment)
    }
  }
  return descriptions
}

/** The table of the Labels page: every key of `Labels`, its English default and its use. */
export function LabelsTable(): ReactNode {
  const descriptions = labelDescriptions()
  const entries = Object.entries(defaultLabels) as [string, unknown][]
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">Key</th>
          <th scope="col">Default</th>
          <th scope="col">Where it shows</th>
        </tr>
      </thead>
      <tbody>
        {entries.map(([key, value]) => (
          <tr key={key}>
            <td>
              <code>{key}</code>
            </td>
            <td>{typeof value === "string" ? `“${value}”` : <code>{String(value)}</code>}</td>
            <td>{descriptions.get(key) ?? ""}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
