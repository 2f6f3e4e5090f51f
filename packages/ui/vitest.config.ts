import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { storybookTest } from "@storybook/addon-vitest/vitest-plugin"
import { playwright } from "@vitest/browser-playwright"
import { defineConfig, mergeConfig } from "vitest/config"
import { sharedConfig } from "../../vitest.shared.js"
import { lazyDependencies } from "./scripts/lazy-dependencies.mjs"

const here = dirname(fileURLToPath(import.meta.url))
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium"

/**
 * Two projects: `unit` (components and hooks in happy-dom with Testing Library) and
 * `storybook` (every story rendered in headless Chromium with its play function and an axe
 * check, through @storybook/addon-vitest).
 */
export default mergeConfig(
  sharedConfig,
  defineConfig({
    test: {
      projects: [
        {
          extends: true,
          test: {
            name: "unit",
            environment: "happy-dom",
            setupFiles: ["src/test-setup.ts"],
            // The Storybook config's own helpers are tested here too (they shape the ui's docs).
            include: ["src/**/*.test.{ts,tsx}", "../../.storybook/**/*.test.ts"],
          },
        },
        {
          extends: true,
          plugins: [storybookTest({ configDir: join(here, "../../.storybook") })],
          // The highlighter and the virtualized list are imported lazily: optimize their
          // dependencies before the first story runs, not in the middle of it (a reload).
          optimizeDeps: { include: lazyDependencies },
          test: {
            name: "storybook",
            browser: {
              enabled: true,
              headless: true,
              provider: playwright({
                launchOptions: {
                  executablePath: chromium,
                  args: [
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                  ],
                },
              }),
              instances: [{ browser: "chromium" }],
            },
          },
        },
      ],
    },
  }),
)
