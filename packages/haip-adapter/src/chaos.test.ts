/**
 * Chaos: one long stream from our server through a TCP proxy that cuts the link again and
 * again. The stream is paced by the cuts, not by a clock: each time a link opens (or resumes)
 * the test lets `partsPerLink` more parts go, and it cuts the link as soon as `killAfter` parts
 * have arrived over it, so the rest are on the wire or queued when the link dies and must come
 * back through the resume. The count of cuts does not depend on the machine's speed. Every
 * part must arrive exactly once, in order.
 */
import { startProxy } from "@aichatkit/haip-server/testing"
import type { ChatEvent } from "@aichatkit/types"
import { afterEach, describe, expect, it } from "vitest"
import { HAIPAdapter } from "./haip-adapter.js"
import { Gate, startTestServer } from "./testdata/servers.js"

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

const targetKills = 1000
const partsPerLink = 4
const killAfter = 2
const parts = targetKills * partsPerLink + 100

describe("HAIPAdapter under chaos", () => {
  it(`resumes through ${targetKills} connection kills in one long stream: 0 lost, 0 duplicated, in order`, async () => {
    const gate = new Gate()
    const started = await startTestServer({ rateLimit: 0, gate })
    cleanups.push(() => started.close())
    const proxy = await startProxy(started.port)
    cleanups.push(() => proxy.close())
    const adapter = new HAIPAdapter({
      url: proxy.url,
      token: "Bearer TOKEN",
      tool: "gated",
      reconnect: { delayMs: 1, maxDelayMs: 50 },
    })
    cleanups.push(() => adapter.close())
    const events: ChatEvent[] = []
    adapter.subscribe("*", (event) => events.push(event))

    let kills = 0
    let resumes = 0
    let partsOnThisLink = 0
    // A link is cut once: parts still buffered from a cut socket do not cut the next one.
    let linkCut = false
    adapter.client.on("handshake", () => {
      partsOnThisLink = 0
      linkCut = false
      gate.open(kills < targetKills ? partsPerLink : Number.POSITIVE_INFINITY)
    })
    adapter.client.on("resumed", () => resumes++)
    const agentId = await adapter.startChatAgent()
    adapter.subscribe(agentId, (event) => {
      if (event.type !== "text-delta" || linkCut || kills >= targetKills) return
      partsOnThisLink++
      if (partsOnThisLink < killAfter) return
      linkCut = true
      kills++
      // After the last cut, the rest of the stream goes at once.
      if (kills === targetKills) gate.open(Number.POSITIVE_INFINITY)
      proxy.drop()
    })

    const startedAt = Date.now()
    const response = await adapter.sendMessage(agentId, `gated ${parts}`)
    const seconds = (Date.now() - startedAt) / 1000

    const deltas = events.flatMap((event) => (event.type === "text-delta" ? [event.delta] : []))
    const expected = Array.from({ length: parts }, (_, index) => `${index + 1} `)
    const distinct = new Set(deltas)
    const lost = expected.filter((part) => !distinct.has(part)).length
    const duplicated = deltas.length - distinct.size
    console.log(
      `chaos: ${kills} connection kills, ${resumes} resumes, ${deltas.length} of ${parts} parts, ${lost} lost, ${duplicated} duplicated, in order: ${deltas.every((part, index) => part === expected[index])}, ${seconds.toFixed(1)} s`,
    )
    expect(kills).toBe(targetKills)
    expect(resumes).toBe(kills)
    expect(lost).toBe(0)
    expect(duplicated).toBe(0)
    expect(deltas).toEqual(expected)
    const message = response.items.find((item) => item.type === "message" && item.role !== "user")
    expect(message?.type === "message" && message.content).toBe(expected.join(""))
    expect(events.filter((event) => event.type === "error")).toEqual([])
  }, 120_000)
})
