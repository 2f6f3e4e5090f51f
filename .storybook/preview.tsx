import type { Preview } from "@storybook/react-vite"
import "../packages/ui/src/styles.css"
import { definedArgTypes } from "./arg-types.js"

const preview: Preview = {
  // Every component gets a docs page: its description, a props table and each story with
  // its code.
  tags: ["autodocs"],
  argTypesEnhancers: [definedArgTypes],
  parameters: {
    layout: "fullscreen",
    // Every story is checked with axe in the test run; a violation fails it.
    a11y: { test: "error" },
    docs: {
      // The code under each preview is open, with its Copy button.
      canvas: { sourceState: "shown" },
      toc: true,
    },
    options: {
      storySort: {
        order: [
          "Introduction",
          "Guides",
          ["Theming", "Labels"],
          "Adapters",
          ["HAIP", "SSE", "Apollo", "Your own adapter"],
          "Chat",
          "Parts",
          "Items",
        ],
      },
    },
  },
  decorators: [
    // A chat fills its parent: the whole canvas on a story's own page, a fixed frame on a
    // docs page where several stories sit one under the other.
    (Story, context) => (
      <div
        style={{
          height: context.viewMode === "docs" ? 520 : "100vh",
          display: "flex",
          flexDirection: "column",
        }}
      >
        <Story />
      </div>
    ),
  ],
}

export default preview
