// Server-side rendering in plain Node, from the installed packages: what an SSR framework does
// before hydration. Prints what it checked; exits non-zero with the reason otherwise.
import { chatPersistence } from "@aichatkit/store/persist"
import { MemoryAdapter } from "@aichatkit/testing"
import { ChatView } from "@aichatkit/ui"
import { createElement } from "react"
import { renderToString } from "react-dom/server"

// With persistence, as a page that keeps conversations renders: no storage on the server.
const html = renderToString(
  createElement(ChatView, { adapter: new MemoryAdapter(), persist: chatPersistence() }),
)
if (!html.includes("<textarea")) {
  throw new Error(`renderToString(<ChatView>) has no composer textarea:\n${html.slice(0, 500)}`)
}
console.log(`renderToString(<ChatView>): ${html.length} characters of HTML with the composer`)
