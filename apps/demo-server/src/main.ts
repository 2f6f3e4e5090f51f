// `npm start` runs this: the demo server on a fixed port for the playground.
import type { ScriptedAgent } from "@aichatkit/testing"
import { createModelAgent } from "./model-agent.js"
import { listFromEnv } from "./origin.js"
import { createDemoServer } from "./server.js"

/**
 * With OPENAI_API_KEY, a real model answers over every wire (OPENAI_BASE_URL for any
 * OpenAI-compatible server, such as a local Ollama or vLLM; OPENAI_MODEL picks the model);
 * without it, the scripted agent. The provider loads only when it is used.
 */
async function chooseAgent(): Promise<{ agent?: ScriptedAgent; description: string }> {
  const apiKey = process.env.OPENAI_API_KEY
  if (!apiKey) {
    return {
      description: "the scripted demo agent (set OPENAI_API_KEY to answer with a real model)",
    }
  }
  const { createOpenAI } = await import("@ai-sdk/openai")
  const baseURL = process.env.OPENAI_BASE_URL
  const provider = createOpenAI({ apiKey, ...(baseURL ? { baseURL } : {}) })
  const modelId = process.env.OPENAI_MODEL ?? "gpt-4o-mini"
  // Chat Completions, which every OpenAI-compatible server speaks (the Responses API is OpenAI's own).
  const agent = createModelAgent({ model: provider.chat(modelId) })
  return { agent, description: `the model ${modelId} at ${baseURL ?? "api.openai.com"}` }
}

const { agent, description } = await chooseAgent()

// REDIS_URL: HAIP sessions and SSE runs in Redis, so clients resume on any instance; the
// Redis client loads only then.
const redisUrl = process.env.REDIS_URL
const store = redisUrl
  ? (await import("@aichatkit/haip-server/redis")).redisStore({ url: redisUrl })
  : undefined

const port = Number(process.env.PORT ?? 8787)
const host = process.env.HOST ?? "127.0.0.1"
// ALLOWED_ORIGINS / ALLOWED_HOSTS: comma-separated, e.g. a playground on another port.
const server = await createDemoServer({
  port,
  host,
  log: process.env.LOG === "1",
  allowedOrigins: listFromEnv(process.env.ALLOWED_ORIGINS),
  allowedHosts: listFromEnv(process.env.ALLOWED_HOSTS),
  ...(agent ? { agent } : {}),
  ...(store ? { store } : {}),
})

console.log(
  `demo-server listening on ${server.url}, answering with ${description}${redisUrl ? `, sessions in Redis at ${redisUrl}` : ""}`,
)
for (const endpoint of server.endpoints) {
  console.log(`  ${endpoint.name.padEnd(8)} ${endpoint.paths.join("  ")}`)
}

const stop = () => {
  server
    .close()
    .then(() => store?.close())
    .finally(() => process.exit(0))
}
process.on("SIGINT", stop)
process.on("SIGTERM", stop)
