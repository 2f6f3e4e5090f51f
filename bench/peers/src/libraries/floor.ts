/**
 * The floor: plain DOM, no framework. The thread is one div per message with its raw text; a
 * streamed reply is one text node whose data grows by each token.
 */
import type { BenchMessage, ChatUnderTest } from "../shared/harness.js"

let list: HTMLElement
const replies = new Map<string, Text>()

function messageElement(message: BenchMessage): HTMLElement {
  const element = document.createElement("div")
  element.className = `message ${message.role}`
  element.textContent = message.content
  return element
}

export const chat: ChatUnderTest = {
  mount(container, messages) {
    list = document.createElement("div")
    list.className = "list"
    const fragment = document.createDocumentFragment()
    for (const message of messages) fragment.append(messageElement(message))
    list.append(fragment)
    container.append(list)
    list.scrollTop = list.scrollHeight
  },
  startReply(id) {
    const element = messageElement({ id, role: "assistant", content: "" })
    const text = document.createTextNode("")
    element.append(text)
    replies.set(id, text)
    list.append(element)
    list.scrollTop = list.scrollHeight
  },
  appendToken(id, delta) {
    const text = replies.get(id) as Text
    text.data += delta
  },
  finishReply() {},
}
