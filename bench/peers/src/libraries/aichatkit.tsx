/**
 * aichatkit as a user sets it up: a `NetworkAdapter` subclass that emits `ChatEvent`s, a
 * controller from `createChatController`, and `<ChatView controller>` (header, connection
 * status, the message list with markdown, composer), with the library's stylesheet. The
 * packages are bundled from this checkout's sources (the `@aichatkit/source` condition).
 */
import "@aichatkit/ui/styles.css"
import { NetworkAdapter } from "@aichatkit/network-adapter"
import { type ChatController, createChatController } from "@aichatkit/store"
import type { ChatEvent, ChatResponse, ChatResponseItem } from "@aichatkit/types"
import { ChatView } from "@aichatkit/ui"
import { createRoot } from "react-dom/client"
import type { ChatUnderTest } from "../shared/harness.js"

const AGENT_ID = "bench-agent"
const RUN_ID = "bench-run"

class PageAdapter extends NetworkAdapter {
  override readonly capabilities = {
    streaming: true,
    cancel: false,
    resume: false,
    toolCalls: false,
    cards: false,
  }
  items: ChatResponseItem[] = []
  async startChatAgent() {
    return AGENT_ID
  }
  async sendMessage(): Promise<ChatResponse> {
    return { items: [], conversationId: AGENT_ID }
  }
  async getConversationItems() {
    return this.items
  }
  async clearConversationHistory() {}
  async stopChatAgent() {}
  push(event: ChatEvent) {
    this.emit(event)
  }
}

const adapter = new PageAdapter()
let controller: ChatController

export const chat: ChatUnderTest = {
  async mount(container, messages) {
    const start = Date.UTC(2026, 0, 1)
    adapter.items = messages.map((message, index) => ({
      id: message.id,
      type: "message",
      role: message.role,
      content: message.content,
      timestamp: new Date(start + index * 60_000).toISOString(),
    }))
    controller = createChatController({ adapter })
    createRoot(container).render(<ChatView controller={controller} />)
    await controller.createConversation("bench")
    await controller.reload()
  },
  startReply(id) {
    adapter.push({ type: "run-started", agentId: AGENT_ID, runId: RUN_ID })
    adapter.push({
      type: "item-added",
      agentId: AGENT_ID,
      runId: RUN_ID,
      item: {
        id,
        type: "message",
        role: "assistant",
        content: "",
        timestamp: new Date().toISOString(),
      },
    })
  },
  appendToken(id, delta) {
    adapter.push({ type: "text-delta", agentId: AGENT_ID, runId: RUN_ID, itemId: id, delta })
  },
  finishReply(id) {
    adapter.push({ type: "item-done", agentId: AGENT_ID, itemId: id })
    adapter.push({ type: "run-finished", agentId: AGENT_ID, runId: RUN_ID, status: "ok" })
  },
}
