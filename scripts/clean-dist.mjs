#!/usr/bin/env node
// First step of every package's build: empty dist, so a module renamed or deleted in src does
// not linger there and ship in the tarball (tsc only ever adds and overwrites files).
import { rmSync } from "node:fs"

rmSync("dist", { recursive: true, force: true })
