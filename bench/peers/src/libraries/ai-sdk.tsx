/**
 * The AI SDK's `useChat`, rendered as AI Elements does: Conversation (use-stick-to-bottom's
 * StickToBottom, smooth initial and resize scrolling, role="log"), Message and MessageContent,
 * and every text part through MessageResponse (Streamdown, memoized on its text). AI Elements
 * is copied into an app as source, so its components are written out here as it ships them,
 * less the Tailwind classes' stylesheet (the page's own CSS gives the same layout).
 * The tokens reach `useChat` through a ChatTransport whose stream the page writes to, as a
 * network response would.
 */
import { useChat } from "@ai-sdk/react"
import type { ChatTransport, UIMessage, UIMessageChunk } from "ai"
import { type ComponentProps, memo } from "react"
import { createRoot } from "react-dom/client"
import { Streamdown } from "streamdown"
import { StickToBottom } from "use-stick-to-bottom"
import type { BenchMessage, ChatUnderTest } from "../shared/harness.js"

class PageTransport implements ChatTransport<UIMessage> {
  stream: ReadableStreamDefaultController<UIMessageChunk> | undefined
  opened: (() => void) | undefined
  async sendMessages() {
    return new ReadableStream<UIMessageChunk>({
      start: (controller) => {
        this.stream = controller
        this.opened?.()
      },
    })
  }
  async reconnectToStream() {
    return null
  }
}

const transport = new PageTransport()
let send: ReturnType<typeof useChat>["sendMessage"]

const Conversation = (props: ComponentProps<typeof StickToBottom>) => (
  <StickToBottom className="conversation" initial="smooth" resize="smooth" role="log" {...props} />
)
const ConversationContent = (props: ComponentProps<typeof StickToBottom.Content>) => (
  <StickToBottom.Content className="conversation-content" {...props} />
)
const Message = ({ from, ...props }: ComponentProps<"div"> & { from: UIMessage["role"] }) => (
  <div className={`message ${from}`} {...props} />
)
const MessageContent = (props: ComponentProps<"div">) => (
  <div className="message-content" {...props} />
)
const MessageResponse = memo(
  (props: ComponentProps<typeof Streamdown>) => <Streamdown className="response" {...props} />,
  (previous, next) => previous.children === next.children,
)

function Chat({ initial }: { initial: UIMessage[] }) {
  const { messages, sendMessage } = useChat({ messages: initial, transport })
  send = sendMessage
  return (
    <div className="chat">
      <Conversation>
        <ConversationContent>
          {messages.map((message) => (
            <Message from={message.role} key={message.id}>
              <MessageContent>
                {message.parts.map((part, index) =>
                  part.type === "text" ? (
                    // biome-ignore lint/suspicious/noArrayIndexKey: AI Elements' example keys parts this way; parts never reorder.
                    <MessageResponse key={`${message.id}-${index}`}>{part.text}</MessageResponse>
                  ) : null,
                )}
              </MessageContent>
            </Message>
          ))}
        </ConversationContent>
      </Conversation>
      <form className="composer" onSubmit={(event) => event.preventDefault()}>
        <textarea placeholder="What would you like to know?" />
        <button type="submit">Send</button>
      </form>
    </div>
  )
}

const toUiMessage = (message: BenchMessage): UIMessage => ({
  id: message.id,
  role: message.role,
  parts: [{ type: "text", text: message.content }],
})

export const chat: ChatUnderTest = {
  mount(container, messages) {
    createRoot(container).render(<Chat initial={messages.map(toUiMessage)} />)
  },
  async startReply(id) {
    const opened = new Promise<void>((resolve) => {
      transport.opened = resolve
    })
    void send({ text: "Tell me more." })
    await opened
    transport.stream?.enqueue({ type: "start", messageId: id })
    transport.stream?.enqueue({ type: "text-start", id: "text" })
  },
  appendToken(_id, delta) {
    transport.stream?.enqueue({ type: "text-delta", id: "text", delta })
  },
  finishReply() {
    transport.stream?.enqueue({ type: "text-end", id: "text" })
    transport.stream?.enqueue({ type: "finish" })
    transport.stream?.close()
  },
}
