/**
 * A scripted GraphQL "server" inside the page, for the Apollo adapter's docs: an Apollo Client
 * whose link answers the Modus chat-agent operations (`createConversation`, `continueChat`,
 * `chatHistory`, `deleteConversationHistory`, `deleteAgent`, the `agentEvent` subscription)
 * from the demo agent of `@aichatkit/testing`, as the demo server does over HTTP and WebSocket.
 * The real `ApolloAdapter` runs over it; only the network is left out.
 */

import { createScriptedAgent, ItemAccumulator } from "@aichatkit/testing"
import type { AdapterError, ChatResponseItem } from "@aichatkit/types"
import { ApolloClient, ApolloLink, InMemoryCache } from "@apollo/client"
import { Observable } from "rxjs"
// The demo server's agentEvent encoding: pure functions, the one copy of that wire's events.
import {
  type AgentEventPayload,
  encodeAgentEvent,
  subscribedEvent,
} from "../../apps/demo-server/src/graphql/encode.js"

interface Conversation {
  items: ChatResponseItem[]
  subscribers: Set<(payload: AgentEventPayload) => void>
}

type Result = ApolloLink.Result

/** A GraphQL error the adapter maps to one of its codes, as the demo server words it. */
function failure(error: Pick<AdapterError, "code" | "message" | "retryable">): Result {
  return {
    errors: [
      { message: error.message, extensions: { code: error.code, retryable: error.retryable } },
    ],
  }
}

/** An Apollo Client over the in-page scripted server. */
export function scriptedGraphqlClient(): ApolloClient {
  const agent = createScriptedAgent({ tokenDelayMs: 12, slowTokenDelayMs: 60 })
  const conversations = new Map<string, Conversation>()
  const notFound = (id: unknown) =>
    failure({
      code: "NOT_FOUND",
      message: `There is no conversation "${String(id)}"; create one with createConversation.`,
      retryable: false,
    })

  async function continueChat(id: string, query: string, signal: AbortSignal): Promise<Result> {
    const conversation = conversations.get(id)
    if (conversation === undefined) return notFound(id)
    conversation.items.push({
      id: `user-${crypto.randomUUID()}`,
      type: "message",
      role: "user",
      content: query,
      timestamp: new Date().toISOString(),
    })
    const turn = new ItemAccumulator()
    let error: AdapterError | undefined
    for await (const event of agent.respond({ agentId: id, message: query, signal })) {
      turn.apply(event)
      if (event.type === "run-finished" && event.status === "error") error = event.error
      const payload = encodeAgentEvent(event)
      if (payload) for (const subscriber of conversation.subscribers) subscriber(payload)
    }
    conversation.items.push(...turn.items())
    if (error) return failure(error)
    return { data: { continueChat: { items: JSON.stringify(turn.items()), conversationId: id } } }
  }

  function answer(operation: ApolloLink.Operation, signal: AbortSignal): Promise<Result> | Result {
    const variables = operation.variables as Record<string, string>
    const id = variables.id ?? ""
    switch (operation.operationName) {
      case "CreateConversation": {
        const agentId = `agent-${crypto.randomUUID()}`
        conversations.set(agentId, { items: [], subscribers: new Set() })
        return { data: { createConversation: agentId } }
      }
      case "ContinueChat":
        return continueChat(id, variables.query ?? "", signal)
      case "ChatHistory": {
        const items = conversations.get(id)?.items
        if (items === undefined) return notFound(id)
        return { data: { chatHistory: { items: JSON.stringify(items), count: items.length } } }
      }
      case "DeleteConversationHistory":
        conversations.get(id)?.items.splice(0)
        return { data: { deleteConversationHistory: true } }
      case "DeleteAgent":
        conversations.delete(id)
        return { data: { deleteAgent: true } }
      default:
        return failure({
          code: "INVALID_INPUT",
          message: `This scripted server does not know the operation ${operation.operationName}.`,
          retryable: false,
        })
    }
  }

  const link = new ApolloLink(
    (operation) =>
      new Observable<Result>((observer) => {
        if (operation.operationName === "AgentEvent") {
          const agentId = String(operation.variables.agentId)
          const conversation = conversations.get(agentId)
          if (conversation === undefined) {
            observer.next(notFound(agentId))
            observer.complete()
            return
          }
          const subscriber = (payload: AgentEventPayload) =>
            observer.next({ data: { agentEvent: payload } })
          conversation.subscribers.add(subscriber)
          subscriber(subscribedEvent(agentId))
          return () => conversation.subscribers.delete(subscriber)
        }
        // Stop aborts the request, as HttpLink does; the turn on the "server" ends with it.
        const turn = new AbortController()
        const { fetchOptions } = operation.getContext() as {
          fetchOptions?: { signal?: AbortSignal }
        }
        fetchOptions?.signal?.addEventListener("abort", () => turn.abort(), { once: true })
        void Promise.resolve(answer(operation, turn.signal)).then(
          (result) => {
            observer.next(result)
            observer.complete()
          },
          (error: unknown) => observer.error(error),
        )
        return () => turn.abort()
      }),
  )
  return new ApolloClient({ link, cache: new InMemoryCache() })
}
