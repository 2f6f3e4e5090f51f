export type {
  AdapterCapabilities,
  ChatEventListener,
  SendMessageOptions,
} from "./network-adapter.js"
export { ALL_AGENTS, NetworkAdapter, SEED_CAPABILITIES } from "./network-adapter.js"
