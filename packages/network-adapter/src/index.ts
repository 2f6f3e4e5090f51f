export { createIdleTimer, DEFAULT_IDLE_TIMEOUT_MS, type IdleTimer } from "./idle-timer.js"
export type {
  AdapterCapabilities,
  ChatEventListener,
  SendMessageOptions,
} from "./network-adapter.js"
export { ALL_AGENTS, NetworkAdapter, SEED_CAPABILITIES } from "./network-adapter.js"
