/**
 * Test tools for code that talks to a HAIP server: a started server on loopback with a scripted
 * tool, a TCP proxy that can cut links, a polling wait, and a client shaped as the reference SDK. For tests only.
 */
export {
  REFERENCE_SDK_EVENTS,
  ReferenceSdkClient,
  type ReferenceSdkClientOptions,
  type RefusedFrame,
  referenceSdkRefusal,
} from "./reference-sdk-client.js"
export { ScriptTool } from "./script-tool.js"
export {
  startProxy,
  startTestServer,
  type TestProxy,
  type TestServer,
  type TestServerOptions,
  waitFor,
} from "./test-server.js"
