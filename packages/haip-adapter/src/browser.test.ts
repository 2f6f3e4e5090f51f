/**
 * The adapter in a real browser (headless Chromium): the browser's own WebSocket (no `ws`),
 * and fetch-based SSE, against our server on loopback. The bundle is what a browser build
 * makes of the package (esbuild, platform browser).
 */
import { fileURLToPath } from "node:url"
import { build } from "esbuild"
import { type Browser, chromium } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { startTestServer, type TestServer } from "./testdata/servers.js"

let server: TestServer
let browser: Browser
let bundle: string

beforeAll(async () => {
  server = await startTestServer({ enableCORS: true })
  const result = await build({
    stdin: {
      contents:
        'import { HAIPAdapter } from "./src/index.ts"; globalThis.HAIPAdapter = HAIPAdapter',
      resolveDir: fileURLToPath(new URL("..", import.meta.url)),
      loader: "ts",
    },
    bundle: true,
    platform: "browser",
    format: "iife",
    conditions: ["@aichatkit/source"],
    write: false,
    logLevel: "silent",
  })
  bundle = result.outputFiles[0]?.text ?? ""
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
    ],
  })
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

interface Outcome {
  itemTypes: string[]
  toolStatus: string | undefined
  deltas: number
  statuses: string[]
  usedNodeWebSocket: boolean
}

describe.each(["websocket", "sse"] as const)("HAIPAdapter in Chromium over %s", (transport) => {
  it("streams a turn with a tool call through the browser's own networking", async () => {
    expect(bundle).not.toMatch(/require\("ws"\)/)
    const page = await browser.newPage()
    try {
      await page.setContent("<!doctype html><title>haip</title>")
      await page.addScriptTag({ content: bundle })
      const url = transport === "websocket" ? server.url : `http://127.0.0.1:${server.port}`
      const outcome = await page.evaluate(
        async ({ url, transport }) => {
          type Event = { type: string; status?: string }
          interface BrowserAdapter {
            subscribe(agentId: string, listener: (event: Event) => void): () => void
            startChatAgent(): Promise<string>
            sendMessage(
              agentId: string,
              text: string,
            ): Promise<{ items: { type: string; toolCall?: { status: string } }[] }>
            close(): Promise<void>
          }
          const Adapter = (
            globalThis as unknown as { HAIPAdapter: new (options: object) => BrowserAdapter }
          ).HAIPAdapter
          const adapter = new Adapter({ url, token: "Bearer TOKEN", tool: "demo", transport })
          const events: Event[] = []
          adapter.subscribe("*", (event: Event) => events.push(event))
          const agentId = await adapter.startChatAgent()
          const response = await adapter.sendMessage(agentId, "what is the weather? use the tool")
          await adapter.close()
          const items = response.items
          return {
            itemTypes: items.map((item) => item.type),
            toolStatus: items.find((item) => item.type === "tool_call")?.toolCall?.status,
            deltas: events.filter((event) => event.type === "text-delta").length,
            statuses: events
              .filter((event) => event.type === "connection-changed")
              .map((event) => event.status ?? ""),
            usedNodeWebSocket: typeof (globalThis as { process?: unknown }).process !== "undefined",
          }
        },
        { url, transport },
      )
      const result = outcome as Outcome
      expect(result.itemTypes).toContain("tool_call")
      expect(result.toolStatus).toBe("completed")
      expect(result.deltas).toBeGreaterThan(3)
      expect(result.statuses).toEqual(["connecting", "open", "closed"])
      expect(result.usedNodeWebSocket).toBe(false)
    } finally {
      await page.close()
    }
  }, 30_000)
})
