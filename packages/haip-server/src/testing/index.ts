/**
 * Test tools for code that talks to a HAIP server: a started server on loopback with a scripted
 * tool, a TCP proxy that can cut links, and a polling wait. For tests only.
 */
export { ScriptTool } from "./script-tool.js"
export {
  startProxy,
  startTestServer,
  type TestProxy,
  type TestServer,
  type TestServerOptions,
  waitFor,
} from "./test-server.js"
