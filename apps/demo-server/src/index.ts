export type { WireEndpoint } from "./endpoint.js"
export { createModelAgent, type ModelAgentOptions } from "./model-agent.js"
export type { DemoServer, DemoServerOptions } from "./server.js"
export { createDemoServer } from "./server.js"
