import { describeAdapterConformance } from "@aichatkit/network-adapter/testing"
import { MemoryAdapter } from "./memory-adapter.js"
import { SeedStyleMemoryAdapter } from "./seed-style-memory-adapter.js"

describeAdapterConformance("MemoryAdapter", () => new MemoryAdapter({ tokenDelayMs: 0 }), {
  approvalMessage: "approve",
})

describeAdapterConformance(
  "MemoryAdapter with a seed and a token delay, created asynchronously",
  async () => {
    const adapter = new MemoryAdapter({ seed: 9, tokenDelayMs: 1 })
    await adapter.initialize()
    return adapter
  },
  { dispose: (adapter) => adapter.simulateConnection("closed"), timeoutMs: 30_000 },
)

describeAdapterConformance("SeedStyleMemoryAdapter", () => new SeedStyleMemoryAdapter())
