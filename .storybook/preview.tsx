import type { Preview } from "@storybook/react-vite"
import "../packages/ui/src/styles.css"

const preview: Preview = {
  parameters: {
    layout: "fullscreen",
    // Every story is checked with axe in the test run; a violation fails it.
    a11y: { test: "error" },
  },
  decorators: [
    (Story) => (
      <div style={{ height: "100vh", display: "flex", flexDirection: "column" }}>
        <Story />
      </div>
    ),
  ],
}

export default preview
