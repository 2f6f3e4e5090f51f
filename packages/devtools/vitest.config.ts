import { defineConfig, mergeConfig } from "vitest/config"
import { sharedConfig } from "../../vitest.shared.js"

/**
 * Recordings against real servers run in Node; the panel's tests say
 * `@vitest-environment happy-dom` at their top.
 */
export default mergeConfig(
  sharedConfig,
  defineConfig({
    test: {
      environment: "node",
      include: ["src/**/*.test.{ts,tsx}"],
    },
  }),
)
