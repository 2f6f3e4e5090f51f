/**
 * The payload of the server's HAI: what this server announces (version, events, capabilities,
 * flow-control credits). Its own module so that a test tool playing this server's recorded
 * side (testing/adapter-recording.ts) greets exactly as the server does.
 */
import type { HAIPServerOptions } from "./options.js"
import { HAIPEventType } from "./types.js"

/** The HAI payload for `sessionId`; `maxConcurrentRuns` defaults as the registry's does. */
export function helloPayload(
  options: Pick<HAIPServerOptions, "flowControl" | "maxConcurrentRuns">,
  sessionId: string,
  maxConcurrentRuns: number = options.maxConcurrentRuns ?? 10,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const flow = options.flowControl
  const capabilities: Record<string, unknown> = {
    binary_frames: false,
    max_concurrent_runs: maxConcurrentRuns,
    resume: true,
    run_events: true,
    // Ours: a MESSAGE `{ regenerate: true }` answers the last message again (regenerate.ts).
    regenerate_last: true,
  }
  if (flow?.enabled !== false) {
    capabilities.flow_control = {
      initial_credit_messages: flow?.initialCreditMessages ?? 1000,
      initial_credit_bytes: flow?.initialCreditBytes ?? 1024 * 1024,
    }
  }
  return {
    haip_version: "1.1.2",
    accept_major: [1],
    accept_events: Object.values(HAIPEventType),
    capabilities,
    session: sessionId,
    ...extra,
  }
}
