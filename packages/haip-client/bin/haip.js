#!/usr/bin/env node
// The `haip` command: runs the built CLI, or (inside the aichatkit monorepo, before a build,
// or with HAIP_CLI_SOURCE=1) its TypeScript source through tsx.
import { existsSync } from "node:fs"

const built = new URL("../dist/cli.js", import.meta.url)
if (existsSync(built) && process.env.HAIP_CLI_SOURCE !== "1") {
  await import(built.href)
} else {
  const { register } = await import("tsx/esm/api")
  register()
  await import(new URL("../src/cli.ts", import.meta.url).href)
}
