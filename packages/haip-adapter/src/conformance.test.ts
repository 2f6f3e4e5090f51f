import { describeAdapterConformance } from "@aichatkit/network-adapter/testing"
import { afterAll, beforeAll, describe } from "vitest"
import { HAIPAdapter } from "./haip-adapter.js"
import { type ReferenceServer, startReferenceServer } from "./testdata/reference-server.js"
import { startTestServer, type TestServer } from "./testdata/servers.js"

describe.each(["server-first", "client-first"] as const)(
  "against our server, handshake %s",
  (handshake) => {
    let server: TestServer
    beforeAll(async () => {
      server = await startTestServer({ handshake })
    })
    afterAll(() => server.close())

    describeAdapterConformance(
      `HAIPAdapter (${handshake})`,
      () => new HAIPAdapter({ url: server.url, token: "Bearer TOKEN", tool: "demo" }),
      {
        dispose: (adapter) => adapter.close(),
      },
    )
  },
)

describe.each(["http-streaming", "sse"] as const)("against our server over %s", (transport) => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer()
  })
  afterAll(() => server.close())

  describeAdapterConformance(
    `HAIPAdapter (${transport})`,
    () =>
      new HAIPAdapter({
        url: `http://127.0.0.1:${server.port}`,
        token: "Bearer TOKEN",
        tool: "demo",
        transport,
      }),
    { dispose: (adapter) => adapter.close() },
  )
})

describe("against a reference-style server (no run events, whole messages)", () => {
  let reference: ReferenceServer
  beforeAll(async () => {
    reference = await startReferenceServer((text) => [`Arr: ${text}`])
  })
  afterAll(() => reference.close())

  // Such a server has no runs to cancel: a cancelled turn still settles (checked with cancel: false).
  // It takes no AUDIO_CHUNK either: voice is off there (the adapter refuses it, UNSUPPORTED).
  describeAdapterConformance(
    "HAIPAdapter (reference-style)",
    () =>
      new HAIPAdapter({ url: reference.url, token: "Bearer TOKEN", tool: "llm", turnIdleMs: 20 }),
    { cancel: false, audio: false, dispose: (adapter) => adapter.close() },
  )
})
