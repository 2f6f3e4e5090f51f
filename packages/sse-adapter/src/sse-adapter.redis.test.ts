/**
 * The SSEAdapter's Last-Event-ID resume across two demo-server instances that keep their runs
 * in one real Redis (started here; the file fails when there is none): every request goes to
 * the next instance, as behind a round-robin load balancer, so each resume lands on the
 * instance that is not running the answer.
 */
import { createDemoServer, type DemoServer } from "@aichatkit/demo-server"
import { redisStore } from "@aichatkit/haip-server/redis"
import { startRedisServer, type TestRedis } from "@aichatkit/haip-server/testing"
import type { ChatEvent, ChatResponseItem } from "@aichatkit/types"
import { afterAll, beforeAll, expect, it } from "vitest"
import { SSEAdapter } from "./sse-adapter.js"

let redis: TestRedis
const instances: DemoServer[] = []
const stores: Array<ReturnType<typeof redisStore>> = []

beforeAll(async () => {
  redis = await startRedisServer()
  for (const name of ["a", "b"]) {
    const store = redisStore({ url: redis.url, instanceId: name, onError: () => {} })
    stores.push(store)
    instances.push(await createDemoServer({ tokenDelayMs: 1, store }))
  }
})
afterAll(async () => {
  for (const instance of instances) await instance.close()
  for (const store of stores) await store.close()
  await redis.stop()
})

/**
 * A fetch that sends each request to the next instance in turn and breaks the first `drops`
 * streams after `bytes` bytes each, as a dropped socket does: every resume changes instance.
 */
function balancedFetchThatDrops(drops: number, bytes: number, served: string[]): typeof fetch {
  let turn = 0
  return async (input, init) => {
    const instance = instances[turn++ % instances.length]!
    served.push(instance.url)
    const url = new URL(String(input instanceof Request ? input.url : input))
    const response = await fetch(`${instance.url}${url.pathname}${url.search}`, init)
    if (!response.body || turn > drops) return response
    const reader = response.body.getReader()
    let sent = 0
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const { done, value } = await reader.read()
        if (done) return controller.close()
        if (sent + value.length >= bytes) {
          controller.enqueue(value.slice(0, bytes - sent))
          await reader.cancel()
          controller.error(new TypeError("terminated"))
          return
        }
        sent += value.length
        controller.enqueue(value)
      },
    })
    return new Response(body, { status: response.status, headers: response.headers })
  }
}

it("resumes on the other instance after each drop and loses nothing", async () => {
  const served: string[] = []
  const adapter = new SSEAdapter({
    url: `${instances[0]!.url}/chat`,
    fetch: balancedFetchThatDrops(3, 300, served),
    reconnect: { delayMs: 10, attempts: 10 },
  })
  const agentId = await adapter.startChatAgent()
  const events: ChatEvent[] = []
  adapter.subscribe(agentId, (event) => events.push(event))
  const response = await adapter.sendMessage(agentId, "what does the weather tool say?")
  expect(events.some((event) => event.type === "error")).toBe(false)
  // The turn and three resumes, alternating between the instances.
  expect(served).toEqual([0, 1, 2, 3].map((index) => instances[index % 2]!.url))
  // What the instance that ran it sent, from its own record of the session.
  const stored = (await (await fetch(`${served[0]}/_api/chats/${agentId}`)).json()) as {
    items: ChatResponseItem[]
  }
  const shape = (items: ChatResponseItem[]) =>
    items.flatMap((item) =>
      item.type === "message" && item.role === "assistant"
        ? [item.content]
        : item.type === "tool_call"
          ? [item.toolCall.status, item.toolCall.result]
          : [],
    )
  expect(shape(response.items)).toEqual(shape(stored.items))
  expect(shape(response.items)).toHaveLength(3)
})
