import { describe, expect, it } from "vitest"
import { MemoryBudget } from "./budget.js"
import { ReplayWindow, type SentFrame } from "./replay-window.js"
import { HAIPTool } from "./tool.js"
import { ServerTransaction, TransactionMap } from "./transaction.js"
import type { HAIPMessage, HAIPToolSchema } from "./types.js"

class SilentTool extends HAIPTool {
  schema(): HAIPToolSchema {
    return { name: "silent", description: "Test tool", inputSchema: { type: "string" } }
  }
  async handleMessage(): Promise<void> {}
}

let seq = 0
const sent = (bytes: number): SentFrame => {
  seq += 1
  return { seq, text: "x".repeat(bytes), channel: "AGENT", type: "MESSAGE", sentAt: Date.now() }
}
const message = (text: string): HAIPMessage => {
  seq += 1
  return {
    id: `m${seq}`,
    transaction: "t",
    session: "s",
    seq: String(seq),
    ts: "0",
    channel: "USER",
    type: "MESSAGE",
    payload: text,
  }
}

describe("ReplayWindow byte cap", () => {
  it("keeps no more than maxBytes even below minFrames (1,000 frames of 1 MB are not 'a few')", () => {
    const window = new ReplayWindow({ minFrames: 1000, maxBytes: 10_000 })
    for (let index = 0; index < 50; index++) window.add(sent(1000))
    expect(window.size).toBe(10)
  })
})

describe("transaction history", () => {
  it("keeps at most maxBytes of history, the oldest going first", () => {
    const transaction = new ServerTransaction("t", new SilentTool(), "silent", {})
    new TransactionMap({ maxBytes: 10_000, account: undefined }).set("t", transaction)
    for (let index = 0; index < 100; index++) transaction.record(message(`${index} `.repeat(500)))
    const kept = transaction.getReplayWindow()
    expect(transaction.historyBytes).toBeLessThanOrEqual(10_000)
    expect(kept.length).toBeGreaterThan(0)
    expect(kept.at(-1)?.payload).toBe("99 ".repeat(500))
  })

  it("gives its bytes back to the session when the transaction ends", () => {
    const budget = new MemoryBudget()
    const account = budget.open(() => {})
    const transactions = new TransactionMap({ maxBytes: 1_000_000, account })
    const transaction = new ServerTransaction("t", new SilentTool(), "silent", {})
    transactions.set("t", transaction)
    transaction.record(message("a".repeat(5000)))
    expect(account.used).toBeGreaterThan(5000)
    transactions.delete("t")
    expect(account.used).toBe(0)
    expect(budget.used).toBe(0)
  })
  it("gives back the bytes of a regenerated answer dropped from the history", () => {
    const budget = new MemoryBudget()
    const account = budget.open(() => {})
    const transaction = new ServerTransaction("t", new SilentTool(), "silent", {})
    new TransactionMap({ maxBytes: 1_000_000, account }).set("t", transaction)
    transaction.record(message("first"))
    const before = account.used
    const question = message("second")
    transaction.record(question)
    transaction.record(message("a".repeat(5000)))
    transaction.history.dropFrom(question)
    expect(transaction.getReplayWindow().map((frame) => frame.payload)).toEqual(["first"])
    expect(account.used).toBe(before)
    expect(transaction.historyBytes).toBe(before)
  })
})

describe("MemoryBudget", () => {
  it("drops a session's oldest replay first, then history, and says so", () => {
    const budget = new MemoryBudget({ sessionBytes: 20_000 })
    const caps: string[] = []
    const account = budget.open((cap) => caps.push(cap))
    const window = new ReplayWindow({ account, maxBytes: 1_000_000 })
    const transactions = new TransactionMap({ maxBytes: 1_000_000, account })
    const transaction = new ServerTransaction("t", new SilentTool(), "silent", {})
    transactions.set("t", transaction)
    transaction.record(message("h".repeat(4000)))
    for (let index = 0; index < 30; index++) window.add(sent(1000))
    expect(account.used).toBeLessThanOrEqual(20_000)
    expect(transaction.getReplayWindow()).toHaveLength(1)
    expect(window.size).toBeLessThan(30)
    expect(caps).toContain("session")
  })

  it("takes from departed sessions first when the server is over its cap", () => {
    const budget = new MemoryBudget({ sessionBytes: 100_000, serverBytes: 50_000 })
    const departedAccount = budget.open(() => {})
    const departed = new ReplayWindow({ account: departedAccount, maxBytes: 1_000_000 })
    for (let index = 0; index < 30; index++) departed.add(sent(1000))
    departedAccount.departedAt = Date.now()
    const attachedAccount = budget.open(() => {})
    const attached = new ReplayWindow({ account: attachedAccount, maxBytes: 1_000_000 })
    for (let index = 0; index < 25; index++) attached.add(sent(1000))
    expect(budget.used).toBeLessThanOrEqual(50_000)
    expect(attached.size).toBe(25)
    expect(departed.size).toBeLessThan(30)
  })

  it("takes from the growing session when it holds more than an equal share", () => {
    const budget = new MemoryBudget({ sessionBytes: 100_000, serverBytes: 40_000 })
    const quietCaps: string[] = []
    const quiet = new ReplayWindow({ account: budget.open((cap) => quietCaps.push(cap)) })
    for (let index = 0; index < 10; index++) quiet.add(sent(1000))
    const greedyCaps: string[] = []
    const greedy = new ReplayWindow({ account: budget.open((cap) => greedyCaps.push(cap)) })
    for (let index = 0; index < 100; index++) greedy.add(sent(1000))
    expect(budget.used).toBeLessThanOrEqual(40_000)
    expect(quiet.size).toBe(10)
    expect(greedyCaps).toContain("server")
    expect(quietCaps).toEqual([])
  })
})
