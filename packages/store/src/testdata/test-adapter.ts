/** A NetworkAdapter whose every answer the test scripts: it emits what the test says, when it says. */
import {
  type AdapterCapabilities,
  type MessageFeedback,
  NetworkAdapter,
  type SendMessageOptions,
} from "@aichatkit/network-adapter"
import type { Card, CardAction, ChatEvent, ChatResponse, ChatResponseItem } from "@aichatkit/types"
import { ChatError } from "@aichatkit/types"

/** One `sendMessage` call the test has not answered yet. */
export interface PendingSend {
  agentId: string
  message: string
  signal: AbortSignal | undefined
  /** The files sent with it (`options.attachments`). */
  attachments: SendMessageOptions["attachments"]
  /** The branch's history sent with it (`options.history`). */
  history: SendMessageOptions["history"]
  /** The voice message sent with it (`options.audio`). */
  audio: SendMessageOptions["audio"]
  /** Where to report the files' upload progress (`options.onUploadProgress`). */
  onUploadProgress: SendMessageOptions["onUploadProgress"]
  /** Whether it asked to answer the last message again (`options.regenerate`). */
  regenerate: boolean | undefined
  resolve(response: ChatResponse): void
  reject(error: unknown): void
}

export class TestAdapter extends NetworkAdapter {
  override readonly capabilities: Readonly<AdapterCapabilities>
  readonly sends: PendingSend[] = []
  readonly stopped: string[] = []
  readonly cleared: string[] = []
  readonly cardActions: { agentId: string; action: CardAction; card: Card }[] = []
  readonly feedback: { agentId: string; itemId: string; feedback: MessageFeedback | null }[] = []
  items: ChatResponseItem[] = []
  failStart = false
  #agents = 0

  constructor(capabilities: Partial<AdapterCapabilities> = {}) {
    super()
    this.capabilities = {
      streaming: true,
      cancel: false,
      resume: false,
      toolCalls: true,
      cards: true,
      ...capabilities,
    }
  }

  /** Emits an event as if it came from the wire. */
  push(event: ChatEvent): void {
    this.emit(event)
  }

  /** The last `sendMessage` call. */
  lastSend(): PendingSend {
    const send = this.sends.at(-1)
    if (!send) throw new Error("sendMessage was not called")
    return send
  }

  async startChatAgent(): Promise<string> {
    if (this.failStart) throw new ChatError("CONNECTION_FAILED", "The server cannot be reached.")
    this.#agents += 1
    return `agent-${this.#agents}`
  }

  sendMessage(
    agentId: string,
    message: string,
    options?: SendMessageOptions,
  ): Promise<ChatResponse> {
    return new Promise((resolve, reject) => {
      this.sends.push({
        agentId,
        message,
        signal: options?.signal,
        attachments: options?.attachments,
        history: options?.history,
        audio: options?.audio,
        onUploadProgress: options?.onUploadProgress,
        regenerate: options?.regenerate,
        resolve,
        reject,
      })
    })
  }

  async getConversationItems(_agentId: string): Promise<ChatResponseItem[]> {
    return this.items
  }

  async clearConversationHistory(agentId: string): Promise<void> {
    this.cleared.push(agentId)
  }

  async stopChatAgent(agentId: string): Promise<void> {
    this.stopped.push(agentId)
  }

  override async sendFeedback(
    agentId: string,
    itemId: string,
    feedback: MessageFeedback | null,
  ): Promise<void> {
    this.feedback.push({ agentId, itemId, feedback })
  }

  override async handleCardAction(agentId: string, action: CardAction, card: Card): Promise<void> {
    this.cardActions.push({ agentId, action, card })
  }
}
