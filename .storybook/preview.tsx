import type { Preview } from "@storybook/react-vite"
import { configure } from "storybook/test"
import { preloadMarkdown } from "../packages/ui/src/items/markdown-loader.js"
import "../packages/ui/src/styles.css"
import { definedArgTypes } from "./arg-types.js"
// The aichatkit devtools panel: sends the story's events and wire to manager.tsx.
import "./devtools-preview.js"
import { sourceSnippet } from "./source-snippet.js"

// Play functions' findBy…/waitFor wait for what they need; the 1 s default is shorter than a
// cold, lazily loaded part takes to appear on a shared machine with both cores busy.
configure({ asyncUtilTimeout: 10_000 })

const preview: Preview = {
  // Every component gets a docs page: its description, a props table and each story with
  // its code.
  tags: ["autodocs"],
  argTypesEnhancers: [definedArgTypes],
  // The markdown renderer is a lazily loaded chunk (plain text until it arrives): stories
  // and their play functions see the markdown, as a page does a moment after it loads.
  loaders: [() => preloadMarkdown()],
  parameters: {
    layout: "fullscreen",
    // Every story is checked with axe in the test run; a violation fails it.
    a11y: { test: "error" },
    docs: {
      // The code under each preview is open, with its Copy button, and says what an app
      // would write (not the stories' test harness).
      canvas: { sourceState: "shown" },
      source: { transform: sourceSnippet },
      // The page's own headings; not those inside a chat preview or a story.
      toc: {
        headingSelector: "h2, h3",
        ignoreSelector: "[class*='aichatkit-'] :is(h2, h3), .docs-story :is(h2, h3)",
      },
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
    // A chat fills its parent: the whole canvas on a story's own page; on a docs page, where
    // several stories sit one under the other, a fixed frame for a whole chat ("Chat/…", or a
    // story with `parameters.fillsFrame`) and the part's own height for the others.
    (Story, context) => (
      <div
        style={{
          height:
            context.viewMode !== "docs"
              ? "100vh"
              : (context.parameters.fillsFrame ?? context.title.startsWith("Chat/"))
                ? 520
                : "auto",
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
