// The seed's pirate example (seeds/haip-server-chat-example.txt) on @aichatkit/haip-server.
// Changed from the seed: the import paths, and OpenAI is called with `fetch` (the Responses
// API) instead of the `openai` package. Without OPENAI_API_KEY it says so and exits.

import type { HAIPMessage, HAIPSessionTransaction, HAIPToolSchema } from "@aichatkit/haip-server"
import { createPermissionMap, HAIPServer, HAIPTool } from "@aichatkit/haip-server"

const apiKey = process.env.OPENAI_API_KEY
if (!apiKey) {
  console.error(
    "OPENAI_API_KEY is not set: this example asks OpenAI to talk like a pirate and cannot run without it.\n" +
      "Set it (export OPENAI_API_KEY=sk-...) and run again, or try the demo server (npm start -w @aichatkit/demo-server) which needs no key.",
  )
  process.exit(1)
}

/** The part of the `openai` package the seed uses, over fetch. */
class OpenAI {
  constructor(private readonly options: { apiKey: string }) {}

  readonly responses = {
    create: async (request: { model: string; instructions: string; input: string }) => {
      const response = await fetch("https://api.openai.com/v1/responses", {
        method: "POST",
        headers: {
          Authorization: `Bearer ${this.options.apiKey}`,
          "Content-Type": "application/json",
        },
        body: JSON.stringify(request),
      })
      if (!response.ok) {
        throw new Error(
          `OpenAI answered ${response.status}: ${(await response.text()).slice(0, 300)}`,
        )
      }
      const body = (await response.json()) as {
        output?: Array<{ content?: Array<{ type: string; text?: string }> }>
      }
      const output_text = (body.output ?? [])
        .flatMap((item) => item.content ?? [])
        .filter((part) => part.type === "output_text")
        .map((part) => part.text ?? "")
        .join("")
      return { output_text }
    },
  }
}

const server = new HAIPServer({
  port: Number(process.env.PORT ?? 8080),
  host: process.env.HOST ?? "0.0.0.0",
  jwtSecret: process.env.JWT_SECRET ?? "CHANGE_THIS_TO_A_SECRET_STRING",
  enableCORS: true,
  enableLogging: true,
  flowControl: {
    enabled: true,
    minCredits: 100,
    maxCredits: 10000,
    creditThreshold: 200,
    backPressureThreshold: 0.8,
    adaptiveAdjustment: true,
  },
})

server.authenticate((req) => {
  // Here you should validate your with your auth system
  // Hardcoded check here
  if (req.token === "Bearer TOKEN") {
    return {
      id: "user123",
      permissions: createPermissionMap({ MESSAGE: ["*"] }),
      credits: 1000,
    }
  }
  return null
})

class LLMTool extends HAIPTool {
  private openai: OpenAI

  constructor() {
    super()
    this.openai = new OpenAI({ apiKey: apiKey as string })
  }

  schema(): HAIPToolSchema {
    return {
      name: "llm",
      description: "Interact with a large language model",
      inputSchema: { type: "string" },
      outputSchema: { type: "string" },
    }
  }

  async handleMessage(client: HAIPSessionTransaction, message: HAIPMessage) {
    if (message.payload.length > 0) {
      let input = ""
      const transaction = client.transaction.getReplayWindow()
      for (const msg of transaction) {
        if (msg.type === "MESSAGE") {
          if (msg.channel === "AGENT") {
            input += `You: ${msg.payload} \n\n `
          } else if (msg.channel === "USER") {
            input += `User: ${msg.payload} \n\n `
          }
        }
      }
      input += `User: ${message.payload}`
      console.log("Input to LLM:", input)
      const response = await this.openai.responses.create({
        model: "gpt-4o",
        instructions: "You talk like a pirate.",
        input: input,
      })
      this.sendTextMessage(client, response.output_text || "No response from LLM")
    }
  }
}

server.registerTool(new LLMTool())
await server.start()
console.log(`pirate example listening on ${server.url} (tool "llm", token "Bearer TOKEN")`)
