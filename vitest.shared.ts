import { defineConfig } from "vitest/config"

/**
 * Settings every package's vitest config starts from. The `@aichatkit/source` export
 * condition makes workspace packages resolve to their TypeScript sources, so tests never
 * need a build first.
 */
const conditions = ["@aichatkit/source", "module", "browser", "development|production"]
const ssrConditions = ["@aichatkit/source", "module", "node", "development|production"]

export const sharedConfig = defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions: ssrConditions } },
  test: {
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
})
