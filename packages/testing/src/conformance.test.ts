import { describeAdapterConformance } from "@aichatkit/network-adapter/testing"
import { MemoryAdapter } from "./memory-adapter.js"
import { SeedStyleMemoryAdapter } from "./seed-style-memory-adapter.js"

describeAdapterConformance("MemoryAdapter", () => new MemoryAdapter({ tokenDelayMs: 0 }), {
  approvalMessage: "approve",
})

/** The memory adapter with its attach button on, so the cases of files run against it too. */
class FileMemoryAdapter extends MemoryAdapter {
  override readonly capabilities = Object.freeze({
    ...new MemoryAdapter().capabilities,
    attachments: true,
  })
}

describeAdapterConformance(
  "MemoryAdapter sending files",
  () => new FileMemoryAdapter({ tokenDelayMs: 0 }),
)

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
