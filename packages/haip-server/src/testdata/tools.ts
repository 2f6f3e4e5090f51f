/** Tools used by the tests: each keyword of the user's text picks a behaviour. */
import { setTimeout as sleep } from "node:timers/promises"
import { HAIPTool } from "../tool.js"
import type { HAIPMessage, HAIPSessionTransaction, HAIPToolSchema } from "../types.js"

/** Parts the "produce N" turn has generated so far (to observe backpressure). */
export const production = { parts: 0 }

export class ScriptTool extends HAIPTool {
  schema(): HAIPToolSchema {
    return { name: "script", description: "Test tool", inputSchema: { type: "string" } }
  }

  async handleMessage(client: HAIPSessionTransaction, message: HAIPMessage): Promise<void> {
    const text = String(message.payload)
    if (text.startsWith("stream")) {
      await this.streamText(client, ["Hello", ", ", "world"])
    } else if (text.startsWith("tool")) {
      const callId = this.callTool(client, "weather", { city: "Oslo" })
      this.updateTool(client, callId, "RUNNING", 50)
      this.completeTool(client, callId, "OK", { temperature: 21 })
      this.sendTextMessage(client, "It is 21 degrees.")
    } else if (text.startsWith("card")) {
      this.sendCard(client, {
        id: "card-1",
        type: "weather",
        title: "Oslo",
        content: { temperature: 21 },
        actions: [{ id: "a1", label: "More", type: "button", action: "more" }],
      })
    } else if (text.startsWith("fail")) {
      throw new Error("the weather service is down")
    } else if (text.startsWith("slow")) {
      const messageId = this.startMessage(client)
      for (let index = 0; index < 1000 && !client.signal.aborted; index++) {
        this.sendMessagePart(client, messageId, `word${index} `)
        await sleep(10)
      }
      this.endMessage(client, messageId)
    } else if (text.startsWith("longcall")) {
      const callId = this.callTool(client, "search", { query: "x" })
      const signal = client.toolSignal(callId)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 5000)
        signal.addEventListener("abort", () => {
          clearTimeout(timer)
          resolve()
        })
      })
      this.completeTool(client, callId, signal.aborted ? "CANCELLED" : "OK")
      this.sendTextMessage(client, signal.aborted ? "search cancelled" : "search done")
    } else if (text.startsWith("produce ")) {
      const count = Number(text.slice(8))
      production.parts = 0
      const parts = function* () {
        for (let index = 0; index < count; index++) {
          production.parts += 1
          yield `${index} `
        }
      }
      await this.streamText(client, parts())
    } else if (text.startsWith("bigint")) {
      client.send({ type: "MESSAGE", channel: "AGENT", payload: { count: 1n } })
      this.sendTextMessage(client, "after the bad frame")
    } else if (text.startsWith("many ")) {
      const count = Number(text.slice(5))
      const messageId = this.startMessage(client)
      for (let index = 0; index < count; index++)
        this.sendMessagePart(client, messageId, `${index} `)
      this.endMessage(client, messageId)
    } else if (text.startsWith("history")) {
      const window = client.transaction.getReplayWindow()
      const lines = window
        .filter((frame) => frame.type === "MESSAGE")
        .map(
          (frame) =>
            `${frame.channel}: ${typeof frame.payload === "string" ? frame.payload : "card"}`,
        )
      this.sendTextMessage(client, lines.join("\n"))
    } else {
      this.sendTextMessage(client, `echo: ${text}`)
    }
  }
}
