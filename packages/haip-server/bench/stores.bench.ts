// The same benchmark on the three session stores, one after another: one instance in memory,
// one instance on Redis, two instances on Redis (same machine: compare them, they are no
// capacity claim). Run: npm run bench:stores -w @aichatkit/haip-server (SESSIONS=100 for a quick run).
import { spawnSync } from "node:child_process"
import { fileURLToPath } from "node:url"

const script = fileURLToPath(new URL("./server.bench.ts", import.meta.url))
const setups = [
  { STORE: "memory", INSTANCES: "1" },
  { STORE: "redis", INSTANCES: "1" },
  { STORE: "redis", INSTANCES: "2" },
]
for (const setup of setups) {
  const run = spawnSync(
    process.execPath,
    ["--import", "tsx", "--conditions=@aichatkit/source", script],
    { stdio: "inherit", env: { ...process.env, ...setup } },
  )
  if (run.status !== 0) process.exit(run.status ?? 1)
  console.log()
}
