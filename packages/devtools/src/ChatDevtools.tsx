/**
 * The devtools panel: per conversation, the timeline of ChatEvents (with the store's diff after
 * each flush), the raw wire traffic beside it, and a summary per run. Load it lazily so it is
 * never in an app's main bundle:
 *
 * ```tsx
 * const ChatDevtools = lazy(() => import("@aichatkit/devtools").then((m) => ({ default: m.ChatDevtools })))
 * ```
 */
import type { AdapterRecording, NetworkAdapter } from "@aichatkit/network-adapter"
import type { ChatStore } from "@aichatkit/store"
import { type CSSProperties, useEffect, useState } from "react"
import { DevtoolsPanel } from "./DevtoolsPanel.js"
import { DevtoolsLog } from "./devtools-log.js"
import { RecordButton } from "./RecordButton.js"
import type { RedactRule } from "./redact.js"

export interface ChatDevtoolsProps {
  /** The adapter whose events and wire are shown. */
  adapter: NetworkAdapter
  /** The chat's store, for the diff after each flush (optional). */
  store?: ChatStore | undefined
  /** Open at first. Default false. */
  defaultOpen?: boolean | undefined
  /** `docked` along the bottom of the page, or `floating` in a corner. Default `docked`. */
  position?: "docked" | "floating" | undefined
  /** The key that, with Alt and Shift held, opens and closes the panel. Default `D`. */
  shortcutKey?: string | undefined
  /** Names more values to redact from recordings, beside auth headers and tokens. */
  redact?: RedactRule | undefined
  /** Receives each recording the panel's Record button makes (it is also downloaded). */
  onRecording?: ((recording: AdapterRecording) => void) | undefined
  className?: string | undefined
}

const placement: Record<"docked" | "floating", CSSProperties> = {
  docked: { position: "fixed", left: 0, right: 0, bottom: 0, height: "40vh" },
  floating: { position: "fixed", right: 16, bottom: 16, width: "min(900px, 90vw)", height: "50vh" },
}

/** Where the toggle sits while the panel is open: just above it. */
const above: Record<"docked" | "floating", string> = {
  docked: "calc(40vh + 8px)",
  floating: "calc(50vh + 24px)",
}

/** The toggle and, when open, the panel. It listens to the adapter only while mounted. */
export function ChatDevtools({
  adapter,
  store,
  defaultOpen = false,
  position = "docked",
  shortcutKey = "D",
  redact,
  onRecording,
  className,
}: ChatDevtoolsProps) {
  const [open, setOpen] = useState(defaultOpen)
  const [log, setLog] = useState<DevtoolsLog | undefined>(undefined)

  useEffect(() => {
    const created = new DevtoolsLog()
    setLog(created)
    return created.attach(adapter, store)
  }, [adapter, store])

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.altKey && event.shiftKey && event.key.toUpperCase() === shortcutKey.toUpperCase()) {
        event.preventDefault()
        setOpen((value) => !value)
      }
    }
    window.addEventListener("keydown", onKey)
    return () => window.removeEventListener("keydown", onKey)
  }, [shortcutKey])

  const shortcut = `Alt+Shift+${shortcutKey.toUpperCase()}`
  return (
    <div className={className} data-aichatkit-devtools="">
      <button
        type="button"
        aria-expanded={open}
        aria-keyshortcuts={shortcut}
        onClick={() => setOpen((value) => !value)}
        style={{
          position: "fixed",
          right: 8,
          bottom: open ? above[position] : 8,
          zIndex: 2147483001,
        }}
      >
        {open ? "Close devtools" : "Devtools"} ({shortcut})
      </button>
      {open && log ? (
        <section
          aria-label="aichatkit devtools"
          style={{
            ...placement[position],
            zIndex: 2147483000,
            background: "#fff",
            color: "#111",
            borderTop: "1px solid #888",
            font: "12px/1.4 ui-monospace, monospace",
            display: "flex",
            flexDirection: "column",
            // The panel changes every frame while a reply streams: containing its layout and
            // paint keeps that work off the chat (README, "Cost when open").
            contain: "strict",
          }}
        >
          <DevtoolsPanel
            log={log}
            actions={<RecordButton adapter={adapter} redact={redact} onRecording={onRecording} />}
          />
        </section>
      ) : null}
    </div>
  )
}
ChatDevtools.displayName = "ChatDevtools"
