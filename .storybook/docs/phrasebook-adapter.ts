/**
 * The example of the "Your own adapter" page, running live on it: a streaming NetworkAdapter
 * for a small phrasebook service. The "server" is a function in this file (it answers after a
 * short wait, word by word); in an app it would be `fetch` or a socket.
 */
import {
  type AdapterCapabilities,
  NetworkAdapter,
  type SendMessageOptions,
} from "@aichatkit/network-adapter"
import { ChatError, type ChatResponse, type ChatResponseItem } from "@aichatkit/types"

const phrases: ReadonlyArray<readonly [keyword: string, answer: string]> = [
  ["thank", "**Thank you** is *takk* in Norwegian, *tack* in Swedish and *tak* in Danish."],
  ["hello", "**Hello** is *hei* in Norwegian, *hej* in Swedish and Danish, and *moi* in Finnish."],
  ["bill", "To ask for **the bill**, say *Kan jeg få regningen?* in Norwegian."],
]

/** The phrasebook service: the answer to a question, in words, as a server would stream it. */
async function* phrasebookServer(question: string, signal?: AbortSignal): AsyncGenerator<string> {
  const text = question.toLowerCase()
  const answer =
    phrases.find(([keyword]) => text.includes(keyword))?.[1] ??
    "I know how to say *hello*, *thank you* and *the bill, please*. Ask me about one of those."
  for (const word of answer.split(/(?<= )/)) {
    await new Promise((resolve) => setTimeout(resolve, 60))
    if (signal?.aborted) return
    yield word
  }
}

export class PhrasebookAdapter extends NetworkAdapter {
  // Streaming and cancel: the composer shows Stop while an answer arrives.
  override readonly capabilities: Readonly<AdapterCapabilities> = {
    streaming: true,
    cancel: true,
    resume: false,
    toolCalls: false,
    cards: false,
  }
  readonly #transcripts = new Map<string, ChatResponseItem[]>()

  async startChatAgent(): Promise<string> {
    const agentId = crypto.randomUUID()
    this.#transcripts.set(agentId, [])
    this.emit({ type: "connection-changed", status: "open" })
    return agentId
  }

  override async sendMessage(
    agentId: string,
    message: string,
    options?: SendMessageOptions,
  ): Promise<ChatResponse> {
    const transcript = this.#transcript(agentId)
    const runId = crypto.randomUUID()
    const question: ChatResponseItem = {
      id: `${runId}-question`,
      type: "message",
      role: "user",
      content: message,
      timestamp: new Date().toISOString(),
    }
    const answerId = `${runId}-answer`
    let content = ""
    this.emit({ type: "run-started", agentId, runId })
    this.emit({ type: "item-added", agentId, runId, item: question })
    this.emit({
      type: "item-added",
      agentId,
      runId,
      item: { ...question, id: answerId, role: "assistant", content },
    })
    for await (const word of phrasebookServer(message, options?.signal)) {
      content += word
      this.emit({ type: "text-delta", agentId, runId, itemId: answerId, delta: word })
    }
    this.emit({ type: "item-done", agentId, runId, itemId: answerId })
    const answer: ChatResponseItem = { ...question, id: answerId, role: "assistant", content }
    transcript.push(question, answer)
    if (options?.signal?.aborted) {
      this.emit({ type: "run-finished", agentId, runId, status: "cancelled" })
      throw new ChatError("CANCELLED", "The answer was stopped.")
    }
    this.emit({ type: "run-finished", agentId, runId, status: "ok" })
    return { items: [question, answer], conversationId: agentId }
  }

  async getConversationItems(agentId: string): Promise<ChatResponseItem[]> {
    return [...this.#transcript(agentId)]
  }

  async clearConversationHistory(agentId: string): Promise<void> {
    this.#transcript(agentId).length = 0
  }

  async stopChatAgent(agentId: string): Promise<void> {
    this.#transcripts.delete(agentId)
  }

  #transcript(agentId: string): ChatResponseItem[] {
    const transcript = this.#transcripts.get(agentId)
    if (transcript === undefined) {
      throw new ChatError("AGENT_NOT_RUNNING", "This conversation has ended; start a new one.")
    }
    return transcript
  }
}
