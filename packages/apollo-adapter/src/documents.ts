/**
 * The Hypermode Modus chat-agent contract, as the adapter speaks it by default. Any of these
 * can be replaced through the `documents` option.
 */
import { gql } from "@apollo/client"
import type { AgentEventResult, ChatDocuments, ChatOperation, ItemsResult } from "./types.js"

export const CREATE_CONVERSATION = gql`
  mutation CreateConversation {
    createConversation
  }
`

export const CONTINUE_CHAT = gql`
  query ContinueChat($id: String!, $query: String!) {
    continueChat(id: $id, query: $query) {
      items
      conversationId
    }
  }
`

export const CHAT_HISTORY = gql`
  query ChatHistory($id: String!) {
    chatHistory(id: $id) {
      items
      count
    }
  }
`

export const DELETE_CONVERSATION_HISTORY = gql`
  mutation DeleteConversationHistory($id: String!) {
    deleteConversationHistory(id: $id)
  }
`

export const DELETE_AGENT = gql`
  mutation DeleteAgent($id: String!) {
    deleteAgent(id: $id)
  }
`

export const AGENT_EVENT = gql`
  subscription AgentEvent($agentId: String!) {
    agentEvent(agentId: $agentId) {
      name
      data
      timestamp
    }
  }
`

/**
 * Not in the Modus contract: the answer to a tool call, as the demo server's schema names it.
 * The adapter sends it only when `documents.respondToToolCall` is given (your mutation, or this).
 */
export const RESPOND_TO_TOOL_CALL = gql`
  mutation RespondToToolCall($agentId: String!, $toolCallId: String!, $response: String!) {
    respondToToolCall(agentId: $agentId, toolCallId: $toolCallId, response: $response)
  }
`

/**
 * Not in the Modus contract: answering the last message again, as the demo server's schema
 * names it. The adapter sends it only when `documents.regenerate` is given (your mutation, or this).
 */
export const REGENERATE = gql`
  mutation Regenerate($id: String!) {
    regenerate(id: $id) {
      items
      conversationId
    }
  }
`

type Data = Record<string, unknown> | null | undefined

function field(data: Data, name: string): unknown {
  return data?.[name]
}

function itemsOf(data: Data, name: string): ItemsResult {
  const value = field(data, name) as { items?: unknown } | null | undefined
  // A missing field is passed on as is: `decodeItems` reports it.
  return value?.items as ItemsResult
}

function flag(value: unknown): boolean | undefined {
  return typeof value === "boolean" ? value : undefined
}

/** The default operations: Modus names, Modus variables, Modus result shapes. */
export const MODUS_DOCUMENTS: ChatDocuments = {
  createConversation: {
    document: CREATE_CONVERSATION,
    variables: () => ({}),
    result: (data: Data) => field(data, "createConversation") as string,
  },
  continueChat: {
    document: CONTINUE_CHAT,
    variables: ({ agentId, message }) => ({ id: agentId, query: message ?? "" }),
    result: (data: Data) => itemsOf(data, "continueChat"),
  },
  chatHistory: {
    document: CHAT_HISTORY,
    variables: ({ agentId }) => ({ id: agentId }),
    result: (data: Data) => itemsOf(data, "chatHistory"),
  },
  deleteConversationHistory: {
    document: DELETE_CONVERSATION_HISTORY,
    variables: ({ agentId }) => ({ id: agentId }),
    result: (data: Data) => flag(field(data, "deleteConversationHistory")),
  },
  deleteAgent: {
    document: DELETE_AGENT,
    variables: ({ agentId }) => ({ id: agentId }),
    result: (data: Data) => flag(field(data, "deleteAgent")),
  },
  agentEvent: {
    document: AGENT_EVENT,
    variables: ({ agentId }) => ({ agentId }),
    result: (data: Data) => field(data, "agentEvent") as AgentEventResult | null | undefined,
  },
  respondToToolCall: {
    document: RESPOND_TO_TOOL_CALL,
    variables: ({ agentId, toolCallId, response }) => ({
      agentId,
      toolCallId,
      response: JSON.stringify(response ?? null),
    }),
    result: (data: Data) => flag(field(data, "respondToToolCall")),
  },
  regenerate: {
    document: REGENERATE,
    variables: ({ agentId }) => ({ id: agentId }),
    result: (data: Data) => itemsOf(data, "regenerate"),
  },
}

/** A full operation: the user's replacement with the default's variables and mapping filled in. */
export type ResolvedOperation<TResult> = Required<ChatOperation<TResult>>

/** What the mapping of operation `K` returns. */
export type ResultOf<K extends keyof ChatDocuments> =
  ChatDocuments[K] extends ChatOperation<infer R> ? R : never

/** The user's documents over the defaults; a replaced operation keeps the defaults it leaves out. */
export function resolveDocuments(documents: Partial<ChatDocuments> = {}): {
  [K in keyof ChatDocuments]: ResolvedOperation<ResultOf<K>>
} {
  const pick = <K extends keyof ChatDocuments>(name: K) =>
    ({ ...MODUS_DOCUMENTS[name], ...documents[name] }) as ResolvedOperation<ResultOf<K>>
  return {
    createConversation: pick("createConversation"),
    continueChat: pick("continueChat"),
    chatHistory: pick("chatHistory"),
    deleteConversationHistory: pick("deleteConversationHistory"),
    deleteAgent: pick("deleteAgent"),
    agentEvent: pick("agentEvent"),
    respondToToolCall: pick("respondToToolCall"),
    regenerate: pick("regenerate"),
  }
}
