/**
 * @vitest-environment node
 *
 * The preview half of Storybook's devtools panel (devtools-preview.ts): what it tells the
 * manager's panel about the story's adapter, in the Storybook served while writing stories and
 * in the built one, whose minifier renames every class.
 */
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import type { LogEntry } from "@aichatkit/devtools"
import { MemoryAdapter } from "@aichatkit/testing"
import { addons, mockChannel } from "storybook/preview-api"
import { build, type Rolldown } from "vite"
import { describe, expect, it } from "vitest"
import { DEVTOOLS_ENTRIES, DEVTOOLS_RESET } from "./devtools-preview-events.js"

const here = dirname(fileURLToPath(import.meta.url))
const devtools = join(here, "../packages/devtools")

/** The fixture built as Storybook builds the preview (minified or not), and run. */
async function built(minify: boolean): Promise<{ className: string; name: string }> {
  const result = await build({
    configFile: false,
    logLevel: "silent",
    root: devtools,
    resolve: { conditions: ["@aichatkit/source", "module", "browser", "production"] },
    build: {
      write: false,
      minify,
      rollupOptions: {
        input: join(devtools, "src/testdata/minified-adapter.ts"),
        preserveEntrySignatures: "exports-only",
      },
    },
  })
  const { output } = (Array.isArray(result) ? result[0] : result) as Rolldown.RolldownOutput
  const entry = output.find((chunk) => chunk.type === "chunk" && chunk.isEntry)
  if (entry?.type !== "chunk") throw new Error("the build made no entry chunk")
  const url = `data:text/javascript;base64,${Buffer.from(entry.code).toString("base64")}`
  const { className, name } = (await import(/* @vite-ignore */ url)) as Record<string, string>
  return { className: String(className), name: String(name) }
}

describe("Storybook's devtools panel: the adapter's name", () => {
  it("is the class's name where the build keeps it, and 'adapter' where the minifier renamed it", async () => {
    expect(await built(false)).toEqual({ className: "MemoryAdapter", name: "MemoryAdapter" })
    const minified = await built(true)
    // The build did rename it (the name the panel showed before), and the panel says "adapter".
    expect(minified.className).not.toBe("MemoryAdapter")
    expect(minified.name).toBe("adapter")
  })
})

describe("Storybook's devtools panel: what the preview sends", () => {
  it("names the story's adapter, then sends each new entry once, in order", async () => {
    const channel = mockChannel()
    addons.setChannel(channel)
    const names: string[] = []
    const sent: LogEntry[][] = []
    channel.on(DEVTOOLS_RESET, (name: string) => names.push(name))
    channel.on(DEVTOOLS_ENTRIES, (entries: LogEntry[]) => sent.push(entries))
    await import("./devtools-preview.js")
    const adapter = new MemoryAdapter({ tokenDelayMs: 0 })
    const agentId = await adapter.startChatAgent()
    const done = new Promise<void>((resolve) => {
      adapter.subscribe(agentId, (event) => {
        if (event.type === "run-finished") resolve()
      })
    })
    expect(names).toEqual(["MemoryAdapter"])
    await adapter.sendMessage(agentId, "hello")
    await done
    // The log tells its listeners on its next frame: wait for the batch that holds the end.
    await expect
      .poll(() =>
        sent.flat().some((entry) => entry.kind === "event" && entry.event.type === "run-finished"),
      )
      .toBe(true)
    const sequences = sent.flat().map((entry) => entry.sequence)
    expect(sequences).toEqual(Array.from({ length: sequences.length }, (_, index) => index + 1))
  })
})
