import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { NetworkAdapter } from "@aichatkit/network-adapter"
import type { ChatResponse, ChatResponseItem, Message } from "@aichatkit/types"
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest"
import { describeAdapterConformance } from "./testing/index.js"

// seed-example:start
// Example: Create a custom adapter implementation
class CustomNetworkAdapter extends NetworkAdapter {
  async startChatAgent(): Promise<string> {
    // Create a new chat agent/session and return its ID
    const response = await fetch("https://your-api.com/agents", {
      method: "POST",
    })
    const data = await response.json()
    return data.agentId
  }

  async sendMessage(agentId: string, message: string): Promise<ChatResponse> {
    // Send message to a specific agent and get rich response
    const response = await fetch(`https://your-api.com/agents/${agentId}/messages`, {
      method: "POST",
      body: JSON.stringify({ message }),
      headers: { "Content-Type": "application/json" },
    })
    const data = await response.json()
    return {
      items: data.items, // Array of messages, tool calls, cards, etc.
      conversationId: data.conversationId,
    }
  }

  async getConversationItems(agentId: string): Promise<ChatResponseItem[]> {
    // Retrieve all conversation items from the agent
    const response = await fetch(`https://your-api.com/agents/${agentId}/items`)
    const data = await response.json()
    return data.items // Mixed array of messages, tool calls, cards, etc.
  }

  async getConversationHistory(agentId: string): Promise<Message[]> {
    // Get only message items (convenience method)
    const items = await this.getConversationItems(agentId)
    // Filter and convert to messages
    return items
      .filter((item) => item.type === "message")
      .map((item) => ({
        id: item.id,
        content: item.content,
        role: item.role,
        timestamp: item.timestamp,
      }))
  }

  async clearConversationHistory(agentId: string): Promise<void> {
    // Clear the agent's conversation history
    await fetch(`https://your-api.com/agents/${agentId}/history`, {
      method: "DELETE",
    })
  }

  async stopChatAgent(agentId: string): Promise<void> {
    // Stop/terminate the chat agent
    await fetch(`https://your-api.com/agents/${agentId}`, {
      method: "DELETE",
    })
  }
}
// seed-example:end

/** What the REST server the seed example assumes has received, for the tests to inspect. */
const requests: string[] = []

/**
 * A minimal server for the seed's REST API. Unknown or stopped agents get a plain-text 404,
 * as many servers answer, so the seed adapter's `response.json()` rejects.
 */
function createSeedServer(): Server {
  const agents = new Map<string, ChatResponseItem[]>()
  let nextId = 0
  const send = (response: ServerResponse, status: number, body?: unknown) => {
    if (body === undefined) {
      response.writeHead(status).end()
      return
    }
    if (typeof body === "string") {
      response.writeHead(status, { "content-type": "text/plain" }).end(body)
      return
    }
    response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body))
  }
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    requests.push(`${request.method} ${request.url}`)
    const [, collection, agentId, part] = (request.url ?? "").split("/")
    if (collection !== "agents") return send(response, 404, "Not found")
    if (request.method === "POST" && agentId === undefined) {
      nextId += 1
      const id = `agent-${nextId}`
      agents.set(id, [])
      return send(response, 201, { agentId: id })
    }
    const items = agentId === undefined ? undefined : agents.get(agentId)
    if (agentId === undefined || items === undefined) return send(response, 404, "No such agent")
    if (request.method === "POST" && part === "messages") {
      let text = ""
      for await (const chunk of request) {
        text += chunk
        if (text.length > 100_000) return send(response, 413, "Message too large")
      }
      let message: unknown
      try {
        message = (JSON.parse(text) as { message?: unknown }).message
      } catch {
        return send(response, 400, "The body is not JSON")
      }
      if (typeof message !== "string") return send(response, 400, "message must be a string")
      const timestamp = new Date().toISOString()
      const turn = items.length
      const answer: ChatResponseItem[] = [
        { id: `${agentId}-${turn}`, type: "message", role: "user", content: message, timestamp },
        {
          id: `${agentId}-${turn + 1}`,
          type: "tool_call",
          toolCall: {
            id: `call-${turn}`,
            name: "echo",
            arguments: { message },
            status: "completed",
          },
        },
        {
          id: `${agentId}-${turn + 2}`,
          type: "message",
          role: "assistant",
          content: `You said: ${message}`,
          timestamp,
        },
      ]
      items.push(...answer)
      return send(response, 200, { items: answer, conversationId: agentId })
    }
    if (request.method === "GET" && part === "items") return send(response, 200, { items })
    if (request.method === "DELETE" && part === "history") {
      items.length = 0
      return send(response, 204)
    }
    if (request.method === "DELETE" && part === undefined) {
      agents.delete(agentId)
      return send(response, 204)
    }
    return send(response, 404, "Not found")
  }
  return createServer((request, response) => {
    handle(request, response).catch(() => send(response, 500, "Server error"))
  })
}

let server: Server
let origin = ""

beforeAll(async () => {
  server = createSeedServer()
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const realFetch = globalThis.fetch
  vi.stubGlobal("fetch", (input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url
    return realFetch(url.replace("https://your-api.com", origin), init)
  })
})

afterAll(async () => {
  vi.unstubAllGlobals()
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

describe("the seed README's CustomNetworkAdapter", () => {
  it("talks to the REST server through the rewritten fetch", async () => {
    requests.length = 0
    const adapter = new CustomNetworkAdapter()
    const agentId = await adapter.startChatAgent()
    const response = await adapter.sendMessage(agentId, "Hello, world!")
    expect(response.conversationId).toBe(agentId)
    expect(response.items.map((item) => item.type)).toEqual(["message", "tool_call", "message"])
    expect(response.items[2]).toMatchObject({
      role: "assistant",
      content: "You said: Hello, world!",
    })
    expect(await adapter.getConversationHistory(agentId)).toEqual([
      expect.objectContaining({ role: "user", content: "Hello, world!" }),
      expect.objectContaining({ role: "assistant", content: "You said: Hello, world!" }),
    ])
    await adapter.stopChatAgent(agentId)
    expect(requests).toEqual([
      "POST /agents",
      `POST /agents/${agentId}/messages`,
      `GET /agents/${agentId}/items`,
      `DELETE /agents/${agentId}`,
    ])
  })
})

describeAdapterConformance(
  "the seed README's CustomNetworkAdapter",
  () => new CustomNetworkAdapter(),
  {
    streaming: false,
    cancel: false,
    // The seed example rejects with whatever `response.json()` throws, not a ChatError.
    requireChatError: false,
  },
)
