/**
 * Files over GraphQL against a real GraphQL server (graphql-yoga): uploaded by the app's
 * upload function, their URLs handed to a continueChat document that takes them.
 */
import { createServer } from "node:http"
import { gql } from "@apollo/client"
import { createSchema, createYoga } from "graphql-yoga"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { ApolloAdapter } from "./apollo-adapter.js"
import { closeServer, listen } from "./testdata/servers.js"

interface FileLink {
  name: string
  mediaType: string
  url: string
}

let url: string
let server: ReturnType<typeof createServer>
const received: Array<{ query: string; files: FileLink[] }> = []

beforeAll(async () => {
  const schema = createSchema({
    typeDefs: /* GraphQL */ `
      input FileLink { name: String! mediaType: String! url: String! }
      type Answer { items: String! conversationId: String! }
      type Query { chatHistory(id: String!): Answer! }
      type Mutation {
        createConversation: String!
        send(id: String!, query: String!, files: [FileLink!]!): Answer!
        deleteConversationHistory(id: String!): Boolean!
        deleteAgent(id: String!): Boolean!
      }
    `,
    resolvers: {
      Query: {
        chatHistory: (_: unknown, { id }: { id: string }) => ({ items: "[]", conversationId: id }),
      },
      Mutation: {
        createConversation: () => "agent-1",
        send: (_: unknown, args: { id: string; query: string; files: FileLink[] }) => {
          received.push({ query: args.query, files: args.files })
          const answer = {
            id: `a${received.length}`,
            type: "message",
            role: "assistant",
            content: `Got ${args.files.length} files.`,
            timestamp: "2026-01-01T00:00:00Z",
          }
          return { items: JSON.stringify([answer]), conversationId: args.id }
        },
        deleteConversationHistory: () => true,
        deleteAgent: () => true,
      },
    },
  })
  const yoga = createYoga({ schema, logging: false })
  server = createServer(yoga)
  url = `${await listen(server)}/graphql`
})

afterAll(async () => {
  await closeServer(server)
})

const continueChat = {
  document: gql`
    mutation Send($id: String!, $query: String!, $files: [FileLink!]!) {
      send(id: $id, query: $query, files: $files) {
        items
        conversationId
      }
    }
  `,
  variables: ({
    agentId,
    message,
    attachments,
  }: {
    agentId: string
    message?: string
    attachments?: readonly FileLink[]
  }) => ({
    id: agentId,
    query: message ?? "",
    files: (attachments ?? []).map(({ name, mediaType, url }) => ({ name, mediaType, url })),
  }),
  result: (data: { send: { items: string } }) => data.send.items,
}

describe("ApolloAdapter with files", () => {
  it("cannot send files without an upload function", async () => {
    const adapter = new ApolloAdapter({ apiUrl: url, retryDelayMs: 1 })
    expect(adapter.capabilities.attachments).toBe(false)
    const agentId = await adapter.startChatAgent()
    await expect(
      adapter.sendMessage(agentId, "Hi", {
        attachments: [{ name: "a.png", mediaType: "image/png", data: new Blob(["x"]) }],
      }),
    ).rejects.toMatchObject({ code: "INVALID_INPUT" })
  })

  it("uploads each file and sends their URLs in the turn's variables", async () => {
    const uploaded: string[] = []
    const adapter = new ApolloAdapter({
      apiUrl: url,
      documents: { continueChat },
      upload: async (file) => {
        uploaded.push(file.name)
        return `https://files.example/${encodeURIComponent(file.name)}`
      },
    })
    expect(adapter.capabilities.attachments).toBe(true)
    const agentId = await adapter.startChatAgent()
    const response = await adapter.sendMessage(agentId, "", {
      attachments: [
        { name: "a.png", mediaType: "image/png", data: new Blob(["x"]) },
        { name: "b.pdf", mediaType: "application/pdf", url: "https://elsewhere.example/b.pdf" },
      ],
    })
    expect(uploaded).toEqual(["a.png"])
    expect(received.at(-1)).toEqual({
      query: "",
      files: [
        { name: "a.png", mediaType: "image/png", url: "https://files.example/a.png" },
        { name: "b.pdf", mediaType: "application/pdf", url: "https://elsewhere.example/b.pdf" },
      ],
    })
    expect(response.items).toMatchObject([{ content: "Got 2 files." }])
  })

  it("hands the upload the turn's signal and a progress callback, and forwards its progress", async () => {
    const signals: (AbortSignal | undefined)[] = []
    const adapter = new ApolloAdapter({
      apiUrl: url,
      documents: { continueChat },
      upload: async (file, { signal, onProgress }) => {
        signals.push(signal)
        onProgress(2, 4)
        onProgress(4, 4)
        return `https://files.example/${encodeURIComponent(file.name)}`
      },
    })
    const agentId = await adapter.startChatAgent()
    const abort = new AbortController()
    const progress: unknown[] = []
    await adapter.sendMessage(agentId, "", {
      signal: abort.signal,
      attachments: [{ name: "a.png", mediaType: "image/png", data: new Blob(["abcd"]) }],
      onUploadProgress: (report) => progress.push(report),
    })
    expect(signals).toEqual([abort.signal])
    expect(progress).toEqual([
      { index: 0, loaded: 2, total: 4 },
      { index: 0, loaded: 4, total: 4 },
      { index: 0, loaded: 4, total: 4 },
    ])
    expect(received.at(-1)?.files).toEqual([
      { name: "a.png", mediaType: "image/png", url: "https://files.example/a.png" },
    ])
  })

  it("fails the turn clearly when an upload drops, sending nothing", async () => {
    const adapter = new ApolloAdapter({
      apiUrl: url,
      documents: { continueChat },
      upload: () => Promise.reject(new TypeError("Failed to fetch")),
    })
    const agentId = await adapter.startChatAgent()
    const before = received.length
    await expect(
      adapter.sendMessage(agentId, "Look", {
        attachments: [{ name: "a.png", mediaType: "image/png", data: new Blob(["x"]) }],
      }),
    ).rejects.toMatchObject({
      code: "CONNECTION_FAILED",
      message: expect.stringContaining("a.png"),
    })
    expect(received.length).toBe(before)
  })
})
