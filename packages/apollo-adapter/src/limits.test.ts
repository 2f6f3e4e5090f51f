/**
 * No turn hangs forever; an answer with data and errors keeps the data; prototype names from
 * the wire stay strings (issue 13, items 7, 9 and 11), against a real GraphQL-over-HTTP server
 * on 127.0.0.1 that misbehaves on purpose.
 */
import { createServer, type ServerResponse } from "node:http"
import { type ChatEvent, ERROR_CODES } from "@aichatkit/types"
import fc from "fast-check"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { ApolloAdapter } from "./apollo-adapter.js"
import { rejection } from "./testdata/rejection.js"
import { closeServer, listen } from "./testdata/servers.js"

const answer = [
  {
    id: "a1",
    type: "message",
    role: "assistant",
    content: "Partly sunny",
    timestamp: "2026-01-01T00:00:00.000Z",
  },
]
/** What `continueChat` answers, by the message sent; `errorCode` feeds `extensions.code`. */
let errorCode = ""
const timers = new Set<ReturnType<typeof setInterval>>()

const answers: Record<string, (response: ServerResponse) => void> = {
  "no headers": () => {},
  stall(response) {
    response.writeHead(200, { "Content-Type": "application/json" })
    response.write('{"data":{"continueChat":')
  },
  // Whitespace is valid before JSON: bytes that keep the socket busy and carry nothing.
  "keep-alive only"(response) {
    response.writeHead(200, { "Content-Type": "application/json" })
    const timer = setInterval(() => response.write(" "), 10)
    timers.add(timer)
    response.on("close", () => clearInterval(timer))
  },
  "data and errors"(response) {
    json(response, {
      data: { continueChat: { items: JSON.stringify(answer), conversationId: "agent-1" } },
      errors: [{ message: "The forecast card failed to load.", path: ["continueChat", "items"] }],
    })
  },
  "error code"(response) {
    json(response, {
      data: null,
      errors: [{ message: "Refused.", extensions: { code: errorCode } }],
    })
  },
}

function json(response: ServerResponse, body: unknown): void {
  response.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(body))
}

const server = createServer(async (request, response) => {
  let text = ""
  for await (const chunk of request) text += chunk
  const { operationName, variables } = JSON.parse(text) as {
    operationName: string
    variables: { query?: string }
  }
  if (operationName === "CreateConversation") {
    return json(response, { data: { createConversation: "agent-1" } })
  }
  answers[variables.query ?? ""]?.(response)
})
let url: string

beforeAll(async () => {
  url = `${await listen(server)}/graphql`
})
afterAll(async () => {
  for (const timer of timers) clearInterval(timer)
  await closeServer(server)
})

async function chat(idleTimeoutMs = 60_000) {
  const adapter = new ApolloAdapter({ apiUrl: url, idleTimeoutMs, maxRetries: 0 })
  const agentId = await adapter.startChatAgent()
  const events: ChatEvent[] = []
  adapter.subscribe(agentId, (event) => events.push(event))
  return { adapter, agentId, events }
}

describe("an idle turn ends with TIMEOUT", () => {
  for (const behaviour of ["no headers", "stall", "keep-alive only"]) {
    it(`when the server answers with ${behaviour}: retryable`, async () => {
      const { adapter, agentId } = await chat(300)
      const error = await rejection(adapter.sendMessage(agentId, behaviour))
      expect(error).toMatchObject({ code: "TIMEOUT", retryable: true })
      adapter.dispose()
    })
  }
})

describe("an answer with data and errors", () => {
  it("keeps the data and reports the error", async () => {
    const { adapter, agentId, events } = await chat()
    const response = await adapter.sendMessage(agentId, "data and errors")
    expect(response.items).toMatchObject([{ id: "a1", content: "Partly sunny" }])
    expect(events).toContainEqual(
      expect.objectContaining({
        type: "error",
        agentId,
        error: expect.objectContaining({
          code: "SERVER_ERROR",
          message: expect.stringContaining("The forecast card failed to load."),
        }),
      }),
    )
    adapter.dispose()
  })
})

describe("extensions.code from the wire", () => {
  it("is always a code of the closed list, prototype names included", async () => {
    const { adapter, agentId } = await chat()
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          "__proto__",
          "constructor",
          "toString",
          "hasOwnProperty",
          "valueOf",
          "UNAUTHENTICATED",
          "TIMEOUT",
        ),
        async (code) => {
          errorCode = code
          const error = await rejection(adapter.sendMessage(agentId, "error code"))
          expect(typeof error.code).toBe("string")
          expect(ERROR_CODES).toContain(error.code)
        },
      ),
      { numRuns: 15 },
    )
    adapter.dispose()
  })
})
