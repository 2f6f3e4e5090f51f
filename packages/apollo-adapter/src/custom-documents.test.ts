/**
 * The adapter against schemas that are not the demo server's: one with typed fields (custom
 * documents and mappings), one Modus-shaped that sends items that do not fit.
 */
import { createServer } from "node:http"
import { checkEventOrder, foldEvents } from "@aichatkit/network-adapter/testing"
import type { ChatEvent, ChatResponseItem } from "@aichatkit/types"
import { gql } from "@apollo/client"
import { createPubSub, createSchema, createYoga } from "graphql-yoga"
import { afterEach, describe, expect, it } from "vitest"
import { ApolloAdapter } from "./apollo-adapter.js"
import { closeServer, listen } from "./testdata/servers.js"
import type { AgentEventResult, ChatDocuments } from "./types.js"

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function serve(yoga: ReturnType<typeof createYoga>): Promise<string> {
  const server = createServer(yoga)
  const url = await listen(server)
  cleanups.push(() => closeServer(server))
  return `${url}/graphql`
}

// A chat schema with typed fields: no JSON strings anywhere.
interface Line {
  id: string
  author: "HUMAN" | "BOT"
  text: string
  at: string
}

interface ThreadEvent {
  kind: "START" | "LINE" | "WORD" | "END"
  runId: string
  lineId: string | null
  text: string | null
}

async function startTypedServer(): Promise<string> {
  const threads = new Map<string, Line[]>()
  const pubSub = createPubSub<{ thread: [string, ThreadEvent] }>()
  let counter = 0
  const schema = createSchema({
    typeDefs: /* GraphQL */ `
      enum Author { HUMAN BOT }
      type Line { id: ID! author: Author! text: String! at: String! }
      type Said { lines: [Line!]! }
      type ThreadEvent { kind: String! runId: ID! lineId: ID text: String }
      type Query { thread(threadId: ID!): [Line!]! }
      type Mutation {
        openThread: ID!
        say(threadId: ID!, text: String!): Said!
        wipeThread(threadId: ID!): Boolean!
        closeThread(threadId: ID!): Boolean!
      }
      type Subscription { threadEvents(threadId: ID!): ThreadEvent! }
    `,
    resolvers: {
      Query: { thread: (_: unknown, { threadId }: { threadId: string }) => threads.get(threadId) },
      Mutation: {
        openThread: () => {
          const id = `thread-${++counter}`
          threads.set(id, [])
          return id
        },
        say: async (_: unknown, { threadId, text }: { threadId: string; text: string }) => {
          const lines = threads.get(threadId)
          if (!lines) throw new Error("no such thread")
          const at = new Date().toISOString()
          lines.push({ id: `line-${++counter}`, author: "HUMAN", text, at })
          const runId = `run-${++counter}`
          const reply: Line = { id: `line-${++counter}`, author: "BOT", text: "", at }
          const publish = (event: Omit<ThreadEvent, "runId">) =>
            pubSub.publish("thread", threadId, { ...event, runId })
          publish({ kind: "START", lineId: null, text: null })
          publish({ kind: "LINE", lineId: reply.id, text: "" })
          for (const word of ["You ", "said: ", text]) {
            await new Promise((resolve) => setTimeout(resolve, 2))
            reply.text += word
            publish({ kind: "WORD", lineId: reply.id, text: word })
          }
          publish({ kind: "END", lineId: reply.id, text: null })
          lines.push(reply)
          return { lines: [reply] }
        },
        wipeThread: (_: unknown, { threadId }: { threadId: string }) => {
          threads.set(threadId, [])
          return true
        },
        closeThread: (_: unknown, { threadId }: { threadId: string }) => threads.delete(threadId),
      },
      Subscription: {
        threadEvents: {
          subscribe: (_: unknown, { threadId }: { threadId: string }) =>
            pubSub.subscribe("thread", threadId),
          resolve: (event: ThreadEvent) => event,
        },
      },
    },
  })
  return serve(createYoga({ schema, logging: false }))
}

const toItem = (line: Line): ChatResponseItem => ({
  id: line.id,
  type: "message",
  role: line.author === "HUMAN" ? "user" : "assistant",
  content: line.text,
  timestamp: line.at,
})

const LINE = gql`
  fragment LineFields on Line {
    id
    author
    text
    at
  }
`

/** The README's example: every operation replaced, each with a small mapping. */
const typedDocuments: Partial<ChatDocuments> = {
  createConversation: {
    document: gql`
      mutation Open {
        openThread
      }
    `,
    result: (data: { openThread: string }) => data.openThread,
  },
  continueChat: {
    document: gql`
      mutation Say($threadId: ID!, $text: String!) {
        say(threadId: $threadId, text: $text) {
          lines {
            ...LineFields
          }
        }
      }
      ${LINE}
    `,
    variables: ({ agentId, message }) => ({ threadId: agentId, text: message }),
    result: (data: { say: { lines: Line[] } }) => data.say.lines.map(toItem),
  },
  chatHistory: {
    document: gql`
      query Thread($threadId: ID!) {
        thread(threadId: $threadId) {
          ...LineFields
        }
      }
      ${LINE}
    `,
    variables: ({ agentId }) => ({ threadId: agentId }),
    result: (data: { thread: Line[] }) => data.thread.map(toItem),
  },
  deleteConversationHistory: {
    document: gql`
      mutation Wipe($threadId: ID!) {
        wipeThread(threadId: $threadId)
      }
    `,
    variables: ({ agentId }) => ({ threadId: agentId }),
    result: (data: { wipeThread: boolean }) => data.wipeThread,
  },
  deleteAgent: {
    document: gql`
      mutation Close($threadId: ID!) {
        closeThread(threadId: $threadId)
      }
    `,
    variables: ({ agentId }) => ({ threadId: agentId }),
    result: (data: { closeThread: boolean }) => data.closeThread,
  },
  agentEvent: {
    document: gql`
      subscription Events($threadId: ID!) {
        threadEvents(threadId: $threadId) {
          kind
          runId
          lineId
          text
        }
      }
    `,
    variables: ({ agentId }) => ({ threadId: agentId }),
    result: (data: { threadEvents: ThreadEvent }): AgentEventResult => {
      const { kind, runId, lineId, text } = data.threadEvents
      switch (kind) {
        case "START":
          return { name: "run-started", data: { runId } }
        case "LINE":
          return {
            name: "item",
            data: {
              runId,
              item: {
                id: lineId,
                type: "message",
                role: "assistant",
                content: text,
                timestamp: new Date(0).toISOString(),
              },
            },
          }
        case "WORD":
          return { name: "text-delta", data: { runId, itemId: lineId, delta: text } }
        case "END":
          return { name: "done", data: { runId, status: "ok" } }
      }
    },
  },
}

describe("custom documents against a schema with typed fields", () => {
  it("runs the whole lifecycle through the user's operations and mappings", async () => {
    const url = await startTypedServer()
    const chat = new ApolloAdapter({ apiUrl: url, documents: typedDocuments })
    cleanups.push(() => chat.dispose())
    const agentId = await chat.startChatAgent()
    expect(agentId).toMatch(/^thread-/)
    const response = await chat.sendMessage(agentId, "hi")
    expect(response.items).toMatchObject([
      { type: "message", role: "assistant", content: "You said: hi" },
    ])
    const history = await chat.getConversationHistory(agentId)
    expect(history.map((message) => [message.role, message.content])).toEqual([
      ["user", "hi"],
      ["assistant", "You said: hi"],
    ])
    await chat.clearConversationHistory(agentId)
    expect(await chat.getConversationItems(agentId)).toEqual([])
    await chat.stopChatAgent(agentId)
  })

  it("streams a typed subscription through the user's event mapping (over SSE)", async () => {
    const url = await startTypedServer()
    const chat = new ApolloAdapter({
      apiUrl: url,
      documents: typedDocuments,
      subscriptions: { url, transport: "sse" },
      subscribeTimeoutMs: 300,
    })
    cleanups.push(() => chat.dispose())
    const agentId = await chat.startChatAgent()
    const events: ChatEvent[] = []
    chat.subscribe(agentId, (event) => events.push(event))
    const response = await chat.sendMessage(agentId, "streams")
    expect(
      events.filter((event) => event.type === "text-delta").map((event) => event.delta),
    ).toEqual(["You ", "said: ", "streams"])
    expect(checkEventOrder(events)).toEqual([])
    expect(foldEvents(events)).toEqual(response.items)
  })
})

describe("items that do not fit", () => {
  const good = {
    id: "m-good",
    type: "message",
    role: "assistant",
    content: "Fine",
    timestamp: "2026-01-01T00:00:00Z",
  }
  const answers: Record<string, string> = {
    "bad item": JSON.stringify([{ id: "m-bad", type: "message", role: "robot" }, good]),
    "not json": "[{oops",
    "not a list": JSON.stringify({ items: [good] }),
    "same id twice": JSON.stringify([good, { ...good, content: "Fine, again" }]),
  }

  async function startModusLike(): Promise<string> {
    const schema = createSchema({
      typeDefs: /* GraphQL */ `
        type ChatResult { items: String! conversationId: String! }
        type ChatHistory { items: String! count: Int! }
        type Query {
          continueChat(id: String!, query: String!): ChatResult!
          chatHistory(id: String!): ChatHistory!
        }
        type Mutation { createConversation: String! }
      `,
      resolvers: {
        Query: {
          continueChat: (_: unknown, args: { id: string; query: string }) => ({
            items: answers[args.query] ?? "[]",
            conversationId: args.id,
          }),
          chatHistory: () => ({ items: answers["bad item"], count: 2 }),
        },
        Mutation: { createConversation: () => "agent-1" },
      },
    })
    return serve(createYoga({ schema, logging: false }))
  }

  async function send(query: string): Promise<{ items: ChatResponseItem[]; errors: ChatEvent[] }> {
    const url = await startModusLike()
    const chat = new ApolloAdapter({ apiUrl: url })
    cleanups.push(() => chat.dispose())
    const errors: ChatEvent[] = []
    chat.subscribe("agent-1", (event) => errors.push(event))
    const { items } = await chat.sendMessage("agent-1", query)
    return { items, errors }
  }

  it("skips an item that does not fit and reports it as an error event", async () => {
    const { items, errors } = await send("bad item")
    expect(items).toEqual([good])
    expect(errors).toEqual([
      {
        type: "error",
        agentId: "agent-1",
        error: expect.objectContaining({
          code: "PROTOCOL_ERROR",
          message: "Item 1 of the agent's answer was skipped because its content is not a string.",
        }),
      },
    ])
  })

  it.each([
    ["not json", "are not valid JSON"],
    ["not a list", "should be a list"],
  ])("shows nothing of an answer whose items are %s, and says why", async (query, problem) => {
    const { items, errors } = await send(query)
    expect(items).toEqual([])
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatchObject({ type: "error", error: { code: "PROTOCOL_ERROR" } })
    expect(errors[0]?.type === "error" && errors[0].error.message).toContain(problem)
  })

  it("keeps one item per id when the server repeats an id", async () => {
    const { items, errors } = await send("same id twice")
    expect(items).toEqual([{ ...good, content: "Fine, again" }])
    expect(errors).toHaveLength(1)
  })

  it("skips bad items of the history too", async () => {
    const url = await startModusLike()
    const chat = new ApolloAdapter({ apiUrl: url })
    cleanups.push(() => chat.dispose())
    expect(await chat.getConversationItems("agent-1")).toEqual([good])
  })
})
