// One streamed turn under <StrictMode>, from the installed tarballs only, kept in localStorage
// through the persistence subpath. The browser check reads window.aichatkitRunsFinished to know
// the turn ended (no fixed waits).
import { ALL_AGENTS } from "@aichatkit/network-adapter"
import { chatPersistence } from "@aichatkit/store/persist"
import { MemoryAdapter } from "@aichatkit/testing"
import { ChatView } from "@aichatkit/ui"
import { StrictMode } from "react"
import { createRoot } from "react-dom/client"
import "@aichatkit/ui/styles.css"

declare global {
  interface Window {
    aichatkitRunsFinished: string[]
  }
}

const adapter = new MemoryAdapter({ seed: 1, tokenDelayMs: 5 })
window.aichatkitRunsFinished = []
adapter.subscribe(ALL_AGENTS, (event) => {
  if (event.type === "run-finished") window.aichatkitRunsFinished.push(event.status)
})

const container = document.getElementById("root")
if (container === null) throw new Error("index.html has no #root")
createRoot(container).render(
  <StrictMode>
    <ChatView adapter={adapter} persist={chatPersistence({ name: "aichatkit-consumer-app" })} />
  </StrictMode>,
)
