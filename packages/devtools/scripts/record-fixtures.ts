/**
 * Re-records the regression fixtures in `recordings/` from a demo server (and the AI SDK and
 * AG-UI peers) started here:
 * `npm run record-fixtures -w @aichatkit/devtools`. Review the diff before committing: a
 * changed recording means the wire changed.
 */
import { writeFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { createDemoServer } from "@aichatkit/demo-server"
import { DEMO_WIRES, recordDemoSession } from "../src/testdata/demo-sessions.js"
import { startPeerServers } from "../src/testdata/peer-servers.js"

const folder = join(dirname(fileURLToPath(import.meta.url)), "../recordings")
// A small token delay keeps the recorded pace realistic and the files short to replay.
const server = await createDemoServer({ tokenDelayMs: 2 })
const peers = await startPeerServers()
try {
  for (const wire of DEMO_WIRES) {
    const recording = await recordDemoSession(wire, { demoUrl: server.url, peersUrl: peers.url })
    const file = join(folder, `${wire}.json`)
    writeFileSync(file, `${JSON.stringify(recording, null, 2)}\n`)
    console.log(`${file}: ${recording.entries.length} entries`)
  }
} finally {
  await peers.close()
  await server.close()
}
