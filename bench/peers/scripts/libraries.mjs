// The pages of the comparison: one per library, in the order of the table.
// `source` is the page's module in src/libraries/; `packages` are the installed packages whose versions the results name.
export const libraries = [
  {
    id: "aichatkit",
    source: "aichatkit.tsx",
    name: "aichatkit `<ChatView>`",
    packages: ["@aichatkit/ui", "@aichatkit/store"],
    markdown: true,
    bundle: true,
  },
  {
    id: "assistant-ui",
    source: "assistant-ui.tsx",
    name: "assistant-ui (external store + react-markdown)",
    packages: ["@assistant-ui/react", "@assistant-ui/react-markdown"],
    markdown: true,
    bundle: true,
  },
  {
    id: "ai-sdk",
    source: "ai-sdk.tsx",
    name: "AI SDK `useChat` + Streamdown (AI Elements)",
    packages: ["@ai-sdk/react", "ai", "streamdown", "use-stick-to-bottom"],
    markdown: true,
    bundle: true,
  },
  {
    id: "chatscope",
    source: "chatscope.tsx",
    name: "chatscope chat-ui-kit-react (plain text)",
    packages: ["@chatscope/chat-ui-kit-react", "@chatscope/chat-ui-kit-styles"],
    markdown: false,
    bundle: true,
  },
  {
    id: "react-list",
    source: "react-list.tsx",
    name: "hand-written React list (plain text)",
    packages: ["react", "react-dom"],
    markdown: false,
    bundle: false,
  },
  {
    id: "floor",
    source: "floor.ts",
    name: "floor: plain DOM, one text node grown",
    packages: [],
    markdown: false,
    bundle: false,
  },
]
