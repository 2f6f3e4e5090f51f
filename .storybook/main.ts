import type { StorybookConfig } from "@storybook/react-vite"
import { mergeConfig } from "vite"
import { lazyDependencies } from "../packages/ui/scripts/lazy-dependencies.mjs"

/** Storybook for every part of @aichatkit/ui; stories sit beside their components. */
const config: StorybookConfig = {
  stories: ["../packages/ui/src/**/*.stories.tsx"],
  addons: ["@storybook/addon-a11y", "@storybook/addon-vitest"],
  framework: { name: "@storybook/react-vite", options: {} },
  core: { disableTelemetry: true },
  // Workspace packages resolve to their TypeScript sources, as in the tests.
  viteFinal: (viteConfig) =>
    mergeConfig(viteConfig, {
      resolve: { conditions: ["@aichatkit/source", "module", "browser", "development|production"] },
      // Optimized up front: found at runtime, they would reload the page mid-story.
      optimizeDeps: { include: lazyDependencies },
    }),
}

export default config
