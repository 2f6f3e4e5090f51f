/** A padded frame for item stories, optionally in a forced theme. Stories only. */
import type { ReactNode } from "react"

/** The host page's own colours under each forced theme: the stylesheet styles only the chat. */
const pageColours = {
  light: { background: "#ffffff", color: "#1b1d21" },
  dark: { background: "#15171b", color: "#e7e9ed" },
}

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
        ...(theme ? pageColours[theme] : {}),
        fontFamily: "system-ui, sans-serif",
      }}
    >
      {children}
    </div>
  )
}
