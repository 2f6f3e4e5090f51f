/**
 * The Modus chat-agent schema (as ChatKit's Apollo adapter calls it), plus the `agentEvent`
 * subscription that streams a turn while it runs.
 */
import { createSchema } from "graphql-yoga"
import type { AgentRegistry } from "./agents.js"
import type { AgentEventPayload } from "./encode.js"
import type { FileLink } from "./files.js"

export const typeDefs = /* GraphQL */ `
  "The items of a turn, as a JSON string of ChatResponseItem[]."
  type ChatResult {
    items: String!
    conversationId: String!
  }

  "Every item of a conversation, as a JSON string of ChatResponseItem[]."
  type ChatHistory {
    items: String!
    count: Int!
  }

  "A file the user sends, as a link (not in Modus: the Apollo adapter's attachments, which its upload made)."
  input FileLink {
    name: String!
    mediaType: String!
    url: String!
  }

  "One streamed event; data is JSON. Names: subscribed, run-started, item, text-delta, tool-call-update, item-update, item-done, tool-response-requested, error, done."
  type AgentEvent {
    name: String!
    data: String!
    timestamp: String!
  }

  type Query {
    "Runs one turn of the agent and returns its items (a query, as Modus generates it); files: the message's files (query may then be blank)."
    continueChat(id: String!, query: String!, files: [FileLink!]): ChatResult!
    chatHistory(id: String!): ChatHistory!
  }

  type Mutation {
    "Creates a conversation and returns its agent id."
    createConversation: String!
    deleteConversationHistory(id: String!): Boolean!
    deleteAgent(id: String!): Boolean!
    "Answers a tool call that waits (response: JSON of { approved, reason? }, { output } or { error }); the agent's next run streams on agentEvent."
    respondToToolCall(agentId: String!, toolCallId: String!, response: String!): Boolean!
    "Answers the last user message again in place of the last answer, and returns the new answer's items (it streams on agentEvent as a turn does)."
    regenerate(id: String!): ChatResult!
  }

  type Subscription {
    agentEvent(agentId: String!): AgentEvent!
  }
`

interface Context {
  request?: Request
}

/** The executable schema over one registry of conversations. */
export function createChatSchema(registry: AgentRegistry) {
  return createSchema<Context>({
    typeDefs,
    resolvers: {
      Query: {
        continueChat: async (
          _: unknown,
          args: { id: string; query: string; files?: FileLink[] | null },
          context: Context,
        ) => {
          const { id, query, files } = args
          const items = await registry.continue(id, query, context.request?.signal, files ?? [])
          return { items: JSON.stringify(items), conversationId: id }
        },
        chatHistory: (_: unknown, args: { id: string }) => {
          const items = registry.history(args.id)
          return { items: JSON.stringify(items), count: items.length }
        },
      },
      Mutation: {
        createConversation: () => registry.create(),
        deleteConversationHistory: (_: unknown, args: { id: string }) => {
          registry.clear(args.id)
          return true
        },
        deleteAgent: (_: unknown, args: { id: string }) => {
          registry.delete(args.id)
          return true
        },
        respondToToolCall: (
          _: unknown,
          args: { agentId: string; toolCallId: string; response: string },
        ) => registry.answer(args.agentId, args.toolCallId, args.response),
        regenerate: async (_: unknown, args: { id: string }, context: Context) => {
          const items = await registry.regenerate(args.id, context.request?.signal)
          return { items: JSON.stringify(items), conversationId: args.id }
        },
      },
      Subscription: {
        agentEvent: {
          subscribe: (_: unknown, args: { agentId: string }) => registry.listen(args.agentId),
          resolve: (payload: AgentEventPayload) => payload,
        },
      },
    },
  })
}
