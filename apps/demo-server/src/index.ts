export type { WireEndpoint } from "./endpoint.js"
export type { DemoServer, DemoServerOptions } from "./server.js"
export { createDemoServer } from "./server.js"
