import { mergeConfig } from "vitest/config"
import { sharedConfig } from "../../vitest.shared.js"

// Real-browser tests: one file at a time (each starts a browser, a demo server and Vite).
export default mergeConfig(sharedConfig, {
  test: {
    include: ["e2e/**/*.test.ts"],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
