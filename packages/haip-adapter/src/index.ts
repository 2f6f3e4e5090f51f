export { HAIPAdapter } from "./haip-adapter.js"
export type { HAIPAdapterOptions } from "./types.js"
