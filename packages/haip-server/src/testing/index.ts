/**
 * Test tools for code that talks to a HAIP server: a started server on loopback with a scripted
 * tool, a TCP proxy that can cut links, a polling wait, a client shaped as the reference SDK, and
 * the recorded traffic of the reference SDK with the reference server (and a server that plays
 * it back). For tests only.
 */

export {
  haipSessionLines,
  type RecordedAdapterSession,
  type RecordedServerOptions,
  startAdapterRecordingServer,
} from "./adapter-recording.js"
export {
  type PlayOptions,
  type RecordedLine,
  type RecordingServer,
  readRecording,
  recordedFrames,
  startRecordingServer,
} from "./recording-server.js"
export { findRedisServer, startRedisServer, type TestRedis } from "./redis-server.js"
export { REFERENCE_RECORDING_JSONL } from "./reference-recording.js"
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
