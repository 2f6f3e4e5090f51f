/**
 * The code under each story on the Storybook docs pages (`.storybook/source-snippet.ts`): what
 * an app writes, not the stories' harness. Tested here because the ui package is what the
 * snippets document.
 */
import type { StoryContext } from "storybook/internal/types"
import { describe, expect, it } from "vitest"
import { sourceSnippet } from "./source-snippet.js"

function context(title: string, name: string, args: Record<string, unknown>): StoryContext {
  return { title, component: { displayName: name }, args } as unknown as StoryContext
}

const harness =
  "<StoryChat seed={[…]}>{(controller) => <ChatView controller={controller} />}</StoryChat>"

describe("the docs snippet of a story", () => {
  it("shows a whole chat over `adapter`, with the story's props", () => {
    const snippet = sourceSnippet(
      harness,
      context("Chat/ChatView", "ChatView", {
        onCardAction: () => {},
        placeholder: "Ask about your trip…",
        autoFocus: true,
        virtualizeAbove: 200,
        conversationId: undefined,
      }),
    )
    expect(snippet).toBe(
      [
        "<ChatView",
        "  adapter={adapter}",
        "  onCardAction={handleCardAction}",
        '  placeholder="Ask about your trip…"',
        "  autoFocus",
        "  virtualizeAbove={200}",
        "/>",
      ].join("\n"),
    )
  })

  it("puts a part inside a ChatProvider", () => {
    const snippet = sourceSnippet(
      harness,
      context("Parts/Composer", "Composer", { placeholder: "Ask…" }),
    )
    expect(snippet).toBe(
      [
        "<ChatProvider adapter={adapter}>",
        '  <Composer placeholder="Ask…" />',
        "</ChatProvider>",
      ].join("\n"),
    )
  })

  it("writes arrays as JSON, and maps of components and React elements by name", () => {
    const snippet = sourceSnippet(
      harness,
      context("Chat/ChatView", "ChatView", {
        suggestions: ["Plan a weekend in Oslo"],
        renderers: { card: { weather: () => null } },
        userAvatar: {
          $$typeof: Symbol.for("react.transitional.element"),
          type: "span",
          props: { className: "avatar", children: "ME" },
        },
      }),
    )
    expect(snippet).toContain('suggestions={[\n    "Plan a weekend in Oslo"\n  ]}')
    expect(snippet).toContain("renderers={renderers}")
    expect(snippet).toContain('userAvatar={<span className="avatar">ME</span>}')
  })

  it("keeps Storybook's own snippet for stories without the harness", () => {
    const code = '<CodeBlock code="const a = 1" language="ts" />'
    expect(sourceSnippet(code, context("Items/CodeBlock", "CodeBlock", {}))).toBe(code)
  })
})
