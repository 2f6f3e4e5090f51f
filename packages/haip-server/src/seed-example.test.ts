/**
 * The seed's server example (seeds/haip-server-chat-example.txt), with only its import paths
 * changed, and OpenAI replaced by a local stand-in with the same `responses.create` call.
 */
import { afterEach, expect, it } from "vitest"
import {
  createPermissionMap,
  HAIPEventType,
  type HAIPMessage,
  HAIPServer,
  type HAIPSessionTransaction,
  HAIPTool,
  type HAIPToolSchema,
} from "./index.js"
import { RawClient } from "./testdata/raw-client.js"

/** Answers like a pirate, from the input it was given; no network. */
class OpenAI {
  readonly inputs: string[] = []
  responses = {
    create: async (request: { model: string; instructions: string; input: string }) => {
      this.inputs.push(request.input)
      return { output_text: `Arr! ${request.input.split("\n\n").length} lines, matey.` }
    },
  }
  // biome-ignore lint/complexity/noUselessConstructor: the seed's code calls new OpenAI({ apiKey }), so the stand-in takes the same argument
  constructor(_options: { apiKey: string | undefined }) {}
}

let server: HAIPServer | undefined
afterEach(async () => {
  await server?.stop()
})

it("runs the seed's pirate example unchanged but for its imports", async () => {
  // ---- the seed's code, verbatim apart from `port: 0` (a free port for the test) ----
  server = new HAIPServer({
    port: 0,
    host: "127.0.0.1",
    jwtSecret: "CHANGE_THIS_TO_A_SECRET_STRING",
    enableCORS: true,
    enableLogging: false,
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
    if (req.token === "Bearer TOKEN") {
      return {
        id: "user123",
        permissions: createPermissionMap({ MESSAGE: ["*"] }),
        credits: 1000,
      }
    }
    return null
  })
  let llm: OpenAI | undefined
  class LLMTool extends HAIPTool {
    private openai: OpenAI
    constructor() {
      super()
      this.openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY })
      llm = this.openai
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
        const response = await this.openai.responses.create({
          model: "gpt-4o",
          instructions: "You talk like a piarate.",
          input: input,
        })
        this.sendTextMessage(client, response.output_text || "No response from LLM")
      }
    }
  }
  server.registerTool(new LLMTool())
  server.start()
  // ---- end of the seed's code ----

  await new Promise((resolve) => setTimeout(resolve, 50))
  const client = await RawClient.connect(server.url)
  await client.hello({ auth: { token: "Bearer TOKEN" } })
  const transaction = await client.startTransaction("llm")
  client.send({ type: HAIPEventType.MESSAGE, transaction, payload: "Ahoy" })
  const first = await client.waitForType("MESSAGE")
  expect(first).toMatchObject({ channel: "AGENT", payload: "Arr! 1 lines, matey." })
  const from = client.mark()
  client.send({ type: "MESSAGE", transaction, payload: "Where be the treasure?" })
  await client.waitForType("MESSAGE", from)
  expect(llm?.inputs[1]).toBe(
    "User: Ahoy \n\n You: Arr! 1 lines, matey. \n\n User: Where be the treasure?",
  )
  client.kill()

  const refused = await RawClient.connect(server.url)
  refused.send({ type: "HAI", channel: "SYSTEM", payload: { auth: { token: "Bearer WRONG" } } })
  expect((await refused.waitForType("ERROR")).payload.code).toBe("AUTHENTICATION_FAILED")
})
