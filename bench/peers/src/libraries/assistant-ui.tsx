/**
 * assistant-ui with the external-store runtime, as its docs show: the app keeps the messages in
 * React state and hands them to `useExternalStoreRuntime`; the thread is built from its
 * primitives like the docs' Thread (viewport, messages, composer), assistant text rendered by
 * `@assistant-ui/react-markdown`'s MarkdownTextPrimitive with remark-gfm, as its markdown-text
 * template does (its defaults kept: smooth reveal on).
 */
import {
  AssistantRuntimeProvider,
  ComposerPrimitive,
  MessagePrimitive,
  type ThreadMessageLike,
  ThreadPrimitive,
  useExternalStoreRuntime,
} from "@assistant-ui/react"
import {
  MarkdownTextPrimitive,
  unstable_memoizeMarkdownComponents as memoizeMarkdownComponents,
} from "@assistant-ui/react-markdown"
import { type Dispatch, memo, type SetStateAction, useState } from "react"
import { createRoot } from "react-dom/client"
import remarkGfm from "remark-gfm"
import type { BenchMessage, ChatUnderTest } from "../shared/harness.js"

let setMessages: Dispatch<SetStateAction<BenchMessage[]>>
let setRunning: Dispatch<SetStateAction<boolean>>

const convertMessage = (message: BenchMessage): ThreadMessageLike => ({
  id: message.id,
  role: message.role,
  content: [{ type: "text", text: message.content }],
})

const markdownComponents = memoizeMarkdownComponents({
  p: ({ className, ...props }) => <p className={`aui-md-p ${className ?? ""}`} {...props} />,
  ul: ({ className, ...props }) => <ul className={`aui-md-ul ${className ?? ""}`} {...props} />,
  li: ({ className, ...props }) => <li className={`aui-md-li ${className ?? ""}`} {...props} />,
})

const MarkdownText = memo(function MarkdownText() {
  return (
    <MarkdownTextPrimitive
      remarkPlugins={[remarkGfm]}
      className="aui-md"
      components={markdownComponents}
    />
  )
})

function UserMessage() {
  return (
    <MessagePrimitive.Root className="message user">
      <MessagePrimitive.Parts />
    </MessagePrimitive.Root>
  )
}

function AssistantMessage() {
  return (
    <MessagePrimitive.Root className="message assistant">
      <MessagePrimitive.Parts components={{ Text: MarkdownText }} />
    </MessagePrimitive.Root>
  )
}

function Thread() {
  return (
    <ThreadPrimitive.Root className="thread">
      <ThreadPrimitive.Viewport className="list">
        <ThreadPrimitive.Messages components={{ UserMessage, AssistantMessage }} />
      </ThreadPrimitive.Viewport>
      <ComposerPrimitive.Root className="composer">
        <ComposerPrimitive.Input placeholder="Write a message..." />
        <ComposerPrimitive.Send>Send</ComposerPrimitive.Send>
      </ComposerPrimitive.Root>
    </ThreadPrimitive.Root>
  )
}

function Chat({ initial }: { initial: BenchMessage[] }) {
  const [messages, set] = useState(initial)
  const [isRunning, setIsRunning] = useState(false)
  setMessages = set
  setRunning = setIsRunning
  const runtime = useExternalStoreRuntime({
    messages,
    isRunning,
    convertMessage,
    onNew: async () => {},
  })
  return (
    <AssistantRuntimeProvider runtime={runtime}>
      <Thread />
    </AssistantRuntimeProvider>
  )
}

export const chat: ChatUnderTest = {
  mount(container, messages) {
    createRoot(container).render(<Chat initial={messages} />)
  },
  startReply(id) {
    setRunning(true)
    setMessages((messages) => [...messages, { id, role: "assistant", content: "" }])
  },
  appendToken(id, delta) {
    setMessages((messages) =>
      messages.map((message) =>
        message.id === id ? { ...message, content: message.content + delta } : message,
      ),
    )
  },
  finishReply() {
    setRunning(false)
  },
}
