/** A padded frame for item stories, optionally in a forced theme. Stories only. */
import type { ReactNode } from "react"

/** Wraps a story in page colours with room around it. */
export function StoryFrame({ theme, children }: { theme?: "light" | "dark"; children: ReactNode }) {
  return (
    <div
      data-aichatkit-theme={theme}
      style={{
        display: "flex",
        flexDirection: "column",
        gap: 12,
        padding: 16,
        maxWidth: 760,
        flex: "1 0 auto",
        background: "var(--aichatkit-bg)",
        color: "var(--aichatkit-fg)",
        fontFamily: "var(--aichatkit-font)",
      }}
    >
      {children}
    </div>
  )
}
