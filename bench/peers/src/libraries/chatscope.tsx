/**
 * chatscope chat-ui-kit-react as its docs' first example sets it up: MainContainer,
 * ChatContainer, MessageList of Message models, MessageInput, with the default styles. The
 * messages live in one React state array; chatscope renders each message's text as given (no
 * markdown).
 */
import "@chatscope/chat-ui-kit-styles/dist/default/styles.min.css"
import {
  ChatContainer,
  MainContainer,
  Message,
  MessageInput,
  MessageList,
} from "@chatscope/chat-ui-kit-react"
import { type Dispatch, type SetStateAction, useState } from "react"
import { createRoot } from "react-dom/client"
import type { BenchMessage, ChatUnderTest } from "../shared/harness.js"

let setMessages: Dispatch<SetStateAction<BenchMessage[]>>

function Chat({ initial }: { initial: BenchMessage[] }) {
  const [messages, set] = useState(initial)
  setMessages = set
  return (
    <div style={{ position: "relative", height: "100%" }}>
      <MainContainer>
        <ChatContainer>
          <MessageList>
            {messages.map((message) => (
              <Message
                key={message.id}
                model={{
                  message: message.content,
                  sender: message.role,
                  direction: message.role === "user" ? "outgoing" : "incoming",
                  position: "single",
                }}
              />
            ))}
          </MessageList>
          <MessageInput placeholder="Type message here" />
        </ChatContainer>
      </MainContainer>
    </div>
  )
}

export const chat: ChatUnderTest = {
  mount(container, messages) {
    createRoot(container).render(<Chat initial={messages} />)
  },
  startReply(id) {
    setMessages((messages) => [...messages, { id, role: "assistant", content: "" }])
  },
  appendToken(id, delta) {
    setMessages((messages) =>
      messages.map((message) =>
        message.id === id ? { ...message, content: message.content + delta } : message,
      ),
    )
  },
  finishReply() {},
}
