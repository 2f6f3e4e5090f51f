import { HAIPTool } from "../tool.js"
import type { HAIPSessionTransaction, HAIPToolSchema } from "../types.js"

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * The `script` tool: answers by the first word of the message: `whole` (one MESSAGE),
 * `stream N` (one message of N parts), `count N` (N whole MESSAGEs "1".."N"), `paced N`
 * (N parts 5 ms apart), `tool` (a call with progress), `card`, `slow` (parts every 20 ms until
 * cancelled), `fail` (the handler throws), anything else: `echo: <message>`.
 */
export class ScriptTool extends HAIPTool {
  schema(): HAIPToolSchema {
    return {
      name: "script",
      description: "Scripted answers for tests",
      inputSchema: { type: "string" },
      outputSchema: { type: "string" },
    }
  }

  async handleMessage(
    client: HAIPSessionTransaction,
    message: { payload: unknown },
  ): Promise<void> {
    const text = String(message.payload)
    const [command, argument] = text.split(" ")
    const count = Number(argument ?? 0)
    switch (command) {
      case "whole":
        this.sendTextMessage(client, "a whole answer")
        return
      case "stream": {
        const id = this.startMessage(client)
        for (let index = 1; index <= count; index++) this.sendMessagePart(client, id, `${index} `)
        this.endMessage(client, id)
        return
      }
      case "count":
        for (let index = 1; index <= count; index++) this.sendTextMessage(client, String(index))
        return
      case "paced": {
        const id = this.startMessage(client)
        for (let index = 1; index <= count; index++) {
          if (client.signal.aborted) break
          this.sendMessagePart(client, id, `${index} `)
          await sleep(5)
        }
        this.endMessage(client, id)
        return
      }
      case "tool": {
        const callId = this.callTool(client, "weather", { city: "Oslo" })
        this.updateTool(client, callId, "RUNNING", 50)
        this.completeTool(client, callId, "OK", { temperature: 21 })
        this.sendTextMessage(client, "It is 21 degrees.")
        return
      }
      case "card":
        this.sendCard(client, {
          id: "card-1",
          type: "weather",
          title: "Oslo",
          content: { temperature: 21 },
          actions: [
            { id: "refresh", label: "Refresh", type: "button", action: "refresh" },
            { id: "more", label: "More", type: "link", action: "https://example.com/oslo" },
          ],
        })
        return
      case "slow": {
        const id = this.startMessage(client)
        for (let index = 0; index < 500 && !client.signal.aborted; index++) {
          this.sendMessagePart(client, id, "tick ")
          await sleep(20)
        }
        return
      }
      case "fail":
        throw new Error("the scripted tool failed")
      default:
        this.sendTextMessage(client, `echo: ${text}`)
    }
  }
}
