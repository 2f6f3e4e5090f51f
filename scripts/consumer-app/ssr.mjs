// Server-side rendering in plain Node, from the installed packages: what an SSR framework does
// before hydration. Prints what it checked; exits non-zero with the reason otherwise.
import { MemoryAdapter } from "@aichatkit/testing"
import { ChatView } from "@aichatkit/ui"
import { createElement } from "react"
import { renderToString } from "react-dom/server"

const html = renderToString(createElement(ChatView, { adapter: new MemoryAdapter() }))
if (!html.includes("<textarea")) {
  throw new Error(`renderToString(<ChatView>) has no composer textarea:\n${html.slice(0, 500)}`)
}
console.log(`renderToString(<ChatView>): ${html.length} characters of HTML with the composer`)
