/**
 * A hand-written React chat: one state array of messages, each rendered as its raw text, the
 * array replaced on every token (the streaming message copied with the token appended).
 */
import { type Dispatch, type SetStateAction, useLayoutEffect, useRef, useState } from "react"
import { createRoot } from "react-dom/client"
import type { BenchMessage, ChatUnderTest } from "../shared/harness.js"

let setMessages: Dispatch<SetStateAction<BenchMessage[]>>

function Message({ message }: { message: BenchMessage }) {
  return <div className={`message ${message.role}`}>{message.content}</div>
}

function Chat({ initial }: { initial: BenchMessage[] }) {
  const [messages, set] = useState(initial)
  setMessages = set
  const listRef = useRef<HTMLDivElement>(null)
  useLayoutEffect(() => {
    const list = listRef.current
    if (list) list.scrollTop = list.scrollHeight
  })
  return (
    <div className="list" ref={listRef}>
      {messages.map((message) => (
        <Message key={message.id} message={message} />
      ))}
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
