/**
 * The answers a tool call can get from this page: the user's approval (a `respond` the
 * approval controls call) and a browser tool's output. A browser tool runs once per call, in
 * an effect (a render may be thrown away), and never throws out: its error is the call's error.
 */
import type { ChatController } from "@aichatkit/store"
import type { ToolCallItem, ToolCallResponse } from "@aichatkit/types"
import { isValidElement, type ReactNode, useCallback, useEffect, useState } from "react"
import { type BrowserTools, ownBrowserTool } from "../browser-tools.js"
import { useChatContext } from "../context.js"
import { settle } from "../settle.js"

const noTools: BrowserTools = {}

/** Browser tool calls already started, per controller: StrictMode and remounts run none twice. */
const started = new WeakMap<ChatController, Map<string, { element?: ReactNode }>>()

function startedCalls(controller: ChatController): Map<string, { element?: ReactNode }> {
  let calls = started.get(controller)
  if (!calls) {
    calls = new Map()
    started.set(controller, calls)
  }
  return calls
}

/** What {@link useToolCallAnswer} gives the tool call's view. */
export interface ToolCallAnswer {
  /** Sends an answer; undefined when the chat's adapter cannot send answers. */
  respond: ((response: ToolCallResponse) => void) | undefined
  /** The browser tool's own component, drawn inside the call while it waits. */
  element: ReactNode
}

/** For the item being drawn: undefined for anything but a tool call; `streaming` as the item reads it. */
export function useToolCallAnswer(
  item: ToolCallItem | undefined,
  conversationId: string | undefined,
  streaming: boolean,
): ToolCallAnswer {
  const { controller, tools = noTools } = useChatContext()
  const canAnswer = controller.adapter.capabilities.toolApproval === true
  const toolCallId = item?.toolCall.id
  const respond = useCallback(
    (response: ToolCallResponse) => {
      if (toolCallId === undefined) return
      const id = conversationId ?? controller.store.getState().activeConversationId
      if (id !== undefined) settle(controller.respondToToolCall(id, toolCallId, response))
    },
    [controller, conversationId, toolCallId],
  )
  const waitsForOutput =
    item !== undefined &&
    !streaming &&
    (item.toolCall.status === "pending" || item.toolCall.status === "executing")
  const element = useBrowserTool(
    canAnswer && waitsForOutput ? item : undefined,
    tools,
    controller,
    respond,
  )
  return { respond: canAnswer ? respond : undefined, element: waitsForOutput ? element : null }
}

function useBrowserTool(
  item: ToolCallItem | undefined,
  tools: BrowserTools,
  controller: ChatController,
  respond: (response: ToolCallResponse) => void,
): ReactNode {
  const tool = item && ownBrowserTool(tools, item.toolCall.name)
  const toolCallId = tool ? item?.toolCall.id : undefined
  const [element, setElement] = useState<ReactNode>(
    () => (toolCallId && startedCalls(controller).get(toolCallId)?.element) ?? null,
  )
  useEffect(() => {
    if (!tool || !item || toolCallId === undefined) return
    const calls = startedCalls(controller)
    const known = calls.get(toolCallId)
    if (known) {
      setElement(known.element ?? null)
      return
    }
    const record: { element?: ReactNode } = {}
    calls.set(toolCallId, record)
    const fail = (error: string) => respond({ error })
    let result: unknown
    try {
      result = tool(structuredClone(item.toolCall.arguments), {
        respond: (output) => respond({ output }),
        fail,
        toolCallId,
      })
    } catch (error) {
      fail(errorText(error))
      return
    }
    if (isValidElement(result)) {
      record.element = result
      setElement(result)
      return
    }
    Promise.resolve(result).then(
      (output) => respond({ output }),
      (error: unknown) => fail(errorText(error)),
    )
  }, [tool, item, toolCallId, controller, respond])
  return element
}

function errorText(error: unknown): string {
  if (error instanceof Error && error.message !== "") return error.message
  if (typeof error === "string" && error !== "") return error
  return "The browser tool failed without saying why."
}
