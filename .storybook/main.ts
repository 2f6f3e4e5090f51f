import type { StorybookConfig } from "@storybook/react-vite"
import remarkGfm from "remark-gfm"
import { mergeConfig } from "vite"
import { lazyDependencies } from "../packages/ui/scripts/lazy-dependencies.mjs"

/**
 * The documentation site of aichatkit: the guides in `docs/` (MDX) first, then every part of
 * @aichatkit/ui, whose stories sit beside their components and get an autodocs page each.
 */
const config: StorybookConfig = {
  stories: [
    "./docs/**/*.mdx",
    "../packages/ui/src/**/*.stories.tsx",
    "../packages/devtools/src/**/*.stories.tsx",
  ],
  addons: [
    // GitHub-flavoured markdown (tables) in the MDX pages.
    {
      name: "@storybook/addon-docs",
      options: { mdxPluginOptions: { mdxCompileOptions: { remarkPlugins: [remarkGfm] } } },
    },
    "@storybook/addon-a11y",
    "@storybook/addon-vitest",
  ],
  framework: { name: "@storybook/react-vite", options: {} },
  core: { disableTelemetry: true },
  // react-docgen reads the props tables from the source. react-docgen-typescript would need the
  // TypeScript 5 JS API, which the typescript 7 compiler installed here does not have.
  typescript: { reactDocgen: "react-docgen" },
  // Workspace packages resolve to their TypeScript sources, as in the tests.
  viteFinal: (viteConfig) =>
    mergeConfig(viteConfig, {
      resolve: { conditions: ["@aichatkit/source", "module", "browser", "development|production"] },
      // Optimized up front: found at runtime, they would reload the page mid-story.
      optimizeDeps: { include: lazyDependencies },
    }),
}

export default config
