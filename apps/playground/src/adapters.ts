import type { NetworkAdapter } from "@aichatkit/network-adapter"
import { MemoryAdapter } from "@aichatkit/testing"

/** One choice in the playground's adapter picker. */
export interface AdapterChoice {
  id: string
  label: string
  /** What the choice talks to, shown under the picker. */
  describe: (serverUrl: string) => string
  create: (serverUrl: string) => NetworkAdapter
}

/** Every adapter the playground can chat through; all but the first talk to the demo server. */
export const adapterChoices: AdapterChoice[] = [
  {
    id: "memory",
    label: "In-memory agent",
    describe: () => "The scripted agent, in this tab: no server.",
    create: () => new MemoryAdapter({ tokenDelayMs: 15 }),
  },
]

/** The choice with this id, or the first one. */
export function findAdapterChoice(id: string | null): AdapterChoice {
  return adapterChoices.find((choice) => choice.id === id) ?? (adapterChoices[0] as AdapterChoice)
}
