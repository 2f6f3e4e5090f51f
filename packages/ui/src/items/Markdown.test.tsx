import { act, cleanup, render, screen, within } from "@testing-library/react"
import { getDefaults, marked } from "marked"
import { afterEach, describe, expect, it, vi } from "vitest"
import { renderBlock, renderListItems } from "./markdown-render.js"
import { recordLexedSources } from "./testdata/lex-spy.js"
import { showcaseMarkdown } from "./testdata/showcase.js"

vi.mock("./markdown-render.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("./markdown-render.js")>()
  return {
    ...original,
    renderBlock: vi.fn(original.renderBlock),
    renderListItems: vi.fn(original.renderListItems),
  }
})

// The test setup loaded the renderer before the mock above existed: a fresh copy uses it.
vi.resetModules()
const { Markdown } = await import("./Markdown.js")
const { loadHighlighter } = await import("./highlight.js")
await (await import("./markdown-loader.js")).loadMarkdown()

afterEach(() => {
  cleanup()
  vi.restoreAllMocks()
  vi.mocked(renderBlock).mockClear()
  vi.mocked(renderListItems).mockClear()
})

describe("Markdown features", () => {
  it("renders GFM: headings, emphasis, code, lists, tasks, tables, quotes, rules", () => {
    const { container } = render(<Markdown text={showcaseMarkdown} />)
    screen.getByRole("heading", { level: 1, name: "Release notes" })
    screen.getByRole("heading", { level: 2, name: "Lists" })
    screen.getByRole("heading", { level: 2, name: "Setext heading" })
    expect(container.querySelector("strong")?.textContent).toBe("bold")
    expect(container.querySelector("em")?.textContent).toBe("italic")
    expect(container.querySelector("del")?.textContent).toBe("struck")
    expect(container.querySelector("code.aichatkit-inline-code")?.textContent).toBe("inline code")
    expect(container.querySelector("br")).toBeTruthy()
    expect(container.querySelector("hr")).toBeTruthy()
    expect(container.querySelector("blockquote")?.textContent).toContain("continued lazily.")
    expect(container.querySelector("ul ul li")?.textContent).toBe("nested item")
    expect(container.querySelectorAll("ol li")).toHaveLength(3)

    const open = screen.getByRole("checkbox", { name: "Not done" }) as HTMLInputElement
    const done = screen.getByRole("checkbox", { name: "Done" }) as HTMLInputElement
    expect([open.checked, open.disabled, done.checked, done.disabled]).toEqual([
      false,
      true,
      true,
      true,
    ])

    const table = screen.getByRole("table")
    expect(
      within(table)
        .getAllByRole("columnheader")
        .map((cell) => cell.textContent),
    ).toEqual(["Tool", "Status", "Time"])
    const firstRow = within(table).getAllByRole("row")[1]!
    expect(
      within(firstRow)
        .getAllByRole("cell")
        .map((cell) => cell.textContent),
    ).toEqual(["weather", "ok", "12 ms"])
    expect(within(firstRow).getAllByRole("cell")[2]!.style.textAlign).toBe("right")

    const codeBlocks = container.querySelectorAll(".aichatkit-code-block")
    expect(codeBlocks).toHaveLength(2)
    expect(codeBlocks[0]!.querySelector(".aichatkit-code-block-language")?.textContent).toBe("ts")
    expect(codeBlocks[0]!.querySelector("code")?.textContent).toContain("const answer: number = 42")
    expect(codeBlocks[1]!.querySelector("code")?.textContent).toBe(
      "indented code block\n\nwith a blank line inside",
    )
  })

  it("is not changed by an app's global marked settings", () => {
    marked.use({ breaks: true, gfm: false })
    try {
      const { container } = render(<Markdown text={"one\ntwo ~~gone~~"} />)
      expect(container.querySelector("br")).toBeNull()
      expect(container.querySelector("del")?.textContent).toBe("gone")
    } finally {
      marked.setOptions(getDefaults())
    }
  })

  it("decodes character references as text", () => {
    const { container } = render(
      <Markdown text="Entities: &amp; &lt;b&gt; &copy; &#65; &#x42; &bogus;" />,
    )
    expect(container.textContent).toBe("Entities: & <b> © A B &bogus;")
    expect(container.querySelector("b")).toBeNull()
  })

  it("resolves reference links defined below their use", () => {
    render(<Markdown text={showcaseMarkdown} />)
    const link = screen.getByRole("link", { name: "the reference" })
    expect(link.getAttribute("href")).toBe("https://example.com/reference")
  })

  it("opens links in a new tab without an opener or referrer", () => {
    render(<Markdown text={showcaseMarkdown} />)
    const links = screen.getAllByRole("link")
    expect(links.map((link) => link.getAttribute("href"))).toEqual([
      "https://example.com/docs",
      "https://example.org/",
      "mailto:team@example.com",
      "https://example.com/reference",
    ])
    for (const link of links) {
      expect(link.getAttribute("target")).toBe("_blank")
      expect(link.getAttribute("rel")).toBe("noopener noreferrer")
    }
    expect(links[0]!.getAttribute("title")).toBe("Docs")
  })
})

describe("Markdown with hostile input", () => {
  it.each([
    ["an <img onerror> tag", 'Look <img src=x onerror="alert(1)"> here', "img"],
    ["a script block", "<script>alert(1)</script>", "script"],
    ["an iframe", '<iframe src="https://evil.example"></iframe>', "iframe"],
    ["an html block", '<div onclick="alert(1)">\nclick me\n</div>', "div[onclick]"],
    ["a style tag", "<style>body{display:none}</style>", "style"],
  ])("shows %s as text", (_name, source, selector) => {
    const { container } = render(<Markdown text={source} />)
    expect(container.querySelector(selector)).toBeNull()
    expect(container.textContent).toContain(source.split("\n")[0])
  })

  it.each([
    ["[click](javascript:alert(1))", "click"],
    ["[click](JAVASCRIPT:alert(1))", "click"],
    ["[click](javascript&#58;alert(1))", "click"],
    ["[click](data:text/html;base64,PHNjcmlwdD4=)", "click"],
    ["[click](vbscript:msgbox)", "click"],
    ["[click](/relative/path)", "click"],
    ["<javascript:alert(1)>", "javascript:alert(1)"],
  ])("renders %s as plain text, not a link", (source, text) => {
    const { container } = render(<Markdown text={source} />)
    expect(container.querySelector("a")).toBeNull()
    expect(container.textContent).toContain(text)
  })

  it("never loads images; a safe image becomes a link to it, an unsafe one text", () => {
    const { container } = render(
      <Markdown text={"![chart](https://example.com/chart.png) ![x](javascript:alert(1))"} />,
    )
    expect(container.querySelector("img")).toBeNull()
    const link = screen.getByRole("link")
    expect(link.getAttribute("href")).toBe("https://example.com/chart.png")
    expect(link.textContent).toContain("chart")
    expect(container.textContent).toContain("x")
  })

  it("renders HTML inside code as code text", () => {
    const { container } = render(
      <Markdown text={"`<b>bold?</b>`\n\n```html\n<script>x()</script>\n```"} />,
    )
    expect(container.querySelector("b")).toBeNull()
    expect(container.querySelector("script")).toBeNull()
    expect(container.querySelector("code.aichatkit-inline-code")?.textContent).toBe("<b>bold?</b>")
    expect(container.querySelector(".aichatkit-code-block code")?.textContent).toBe(
      "<script>x()</script>",
    )
  })

  it("shows nothing rather than failing for text that is not a string", () => {
    const { container } = render(<Markdown text={42 as unknown as string} />)
    expect(container.textContent).toBe("")
  })

  it("cuts a code fence's language label to a sensible length", () => {
    const { container } = render(<Markdown text={`\`\`\`${"x".repeat(500)}\ncode\n\`\`\``} />)
    expect(container.querySelector(".aichatkit-code-block-language")?.textContent).toHaveLength(32)
  })

  it("copes with very long and deeply nested input", () => {
    const deep = `${"> ".repeat(200)}deep\n\n${"- ".repeat(100)}item\n\n${"*".repeat(5000)}`
    const { container } = render(<Markdown text={deep} />)
    expect(container.textContent).toContain("deep")
  })
})

/** Feeds `text` to a streaming Markdown in chunks, as an agent would. */
function stream(text: string, chunkSize: number) {
  const view = render(<Markdown text="" streaming />)
  for (let end = chunkSize; end < text.length + chunkSize; end += chunkSize) {
    view.rerender(<Markdown text={text.slice(0, end)} streaming />)
  }
  return view
}

describe("Markdown while streaming", () => {
  const article = [
    "# Streaming title",
    "A first paragraph that is finished long before the end.",
    "- one\n- two\n- three",
    // With markdown in it, so the lexer sees it (a plain line is not lexed at all).
    "A last paragraph that keeps **growing** token by token until the stream ends.",
  ].join("\n\n")

  it("renders each block's token once: finished blocks are not rendered again per token", () => {
    const view = stream(article, 4)
    const calls = vi.mocked(renderBlock).mock.calls
    const rendersByToken = new Map<unknown, number>()
    const rendersByText = new Map<string, number>()
    for (const [token] of calls) {
      rendersByToken.set(token, (rendersByToken.get(token) ?? 0) + 1)
      rendersByText.set(token.raw, (rendersByText.get(token.raw) ?? 0) + 1)
    }
    expect(Math.max(...rendersByToken.values())).toBe(1)
    // A block renders once more when it stops being the open one (its caret goes away).
    expect(rendersByText.get("# Streaming title")).toBeLessThanOrEqual(2)
    // Further tokens render the open block alone.
    const before = calls.length
    view.rerender(<Markdown text={`${article} More`} streaming />)
    view.rerender(<Markdown text={`${article} More text`} streaming />)
    expect(calls.slice(before).map(([token]) => token.raw)).toEqual([
      `${article.split("\n\n").at(-1)} More`,
      `${article.split("\n\n").at(-1)} More text`,
    ])
  })

  it("renders the finished items of a long streaming list once", () => {
    const items = Array.from(
      { length: 30 },
      (_, index) => `${index + 1}. step ${index} with \`code\`\n`,
    )
    const text = `Steps:\n\n${items.join("")}`
    const view = stream(text, 5)
    const renders = new Map<unknown, number>()
    for (const [list] of vi.mocked(renderListItems).mock.calls) {
      renders.set(list, (renders.get(list) ?? 0) + 1)
    }
    expect(Math.max(...renders.values())).toBe(1)
    const before = vi.mocked(renderListItems).mock.calls.length
    view.rerender(<Markdown text={`${text}31. one more`} streaming />)
    const after = vi.mocked(renderListItems).mock.calls.slice(before)
    // Item 30 is now finished (rendered once more as its own part), item 31 is open.
    expect(after.map(([list]) => list.items.map((item) => item.raw))).toEqual([
      ["30. step 29 with `code`\n"],
      ["31. one more"],
    ])
    expect(view.container.querySelectorAll("ol")).toHaveLength(1)
    expect(view.container.querySelectorAll("ol > li")).toHaveLength(31)
  })

  it("ends a streamed long list with the same DOM as the list rendered whole", () => {
    const text = [
      "Intro paragraph.",
      Array.from({ length: 15 }, (_, index) => `- item **${index}**\n  - nested ${index}`).join(
        "\n",
      ),
      "7. seven\n8. eight\n9. nine",
      "- [x] done\n- [ ] open\n- [ ] another",
      "The end.",
    ].join("\n\n")
    const streamed = stream(text, 3)
    streamed.rerender(<Markdown text={text} />)
    const whole = render(<Markdown text={text} />)
    expect(streamed.container.innerHTML).toBe(whole.container.innerHTML)
    expect(streamed.container.querySelector("ol")?.getAttribute("start")).toBe("7")
  })

  it("lexes only the open block's text when a token arrives", () => {
    const view = stream(article.slice(0, -10), 5)
    const lexed = recordLexedSources()
    view.rerender(<Markdown text={article.slice(0, -5)} streaming />)
    view.rerender(<Markdown text={article} streaming />)
    expect(lexed).toHaveLength(2)
    for (const source of lexed) {
      expect(source.startsWith("A last paragraph")).toBe(true)
    }
  })

  it("shows a caret at the end while streaming and removes it when done", () => {
    const view = render(<Markdown text="Hello wor" streaming />)
    expect(view.container.querySelector("p .aichatkit-caret")).toBeTruthy()
    view.rerender(<Markdown text="Hello world." />)
    expect(view.container.querySelector(".aichatkit-caret")).toBeNull()
    expect(view.container.textContent).toBe("Hello world.")
  })

  it("shows a caret before the first token", () => {
    const { container } = render(<Markdown text="" streaming />)
    expect(container.querySelector(".aichatkit-caret")).toBeTruthy()
  })

  it("ends with the same DOM as rendering the whole text at once", () => {
    const streamed = stream(showcaseMarkdown, 7)
    streamed.rerender(<Markdown text={showcaseMarkdown} />)
    const whole = render(<Markdown text={showcaseMarkdown} />)
    expect(streamed.container.innerHTML).toBe(whole.container.innerHTML)
  })
})

describe("Markdown code highlighting", () => {
  const code = "```js\nconst answer = 42\n```"

  it("highlights a finished code block once the highlighter has loaded", async () => {
    const { container } = render(<Markdown text={`Intro\n\n${code}`} />)
    expect(container.querySelector(".aichatkit-code-block code")?.textContent).toBe(
      "const answer = 42",
    )
    // The first import of the highlighter is transformed on demand, which takes a while.
    const keyword = await vi.waitFor(
      () => {
        const element = container.querySelector(".aichatkit-code-block .hljs-keyword")
        if (element === null) throw new Error("not highlighted yet")
        return element
      },
      { timeout: 15_000 },
    )
    expect(keyword.textContent).toBe("const")
    expect(container.querySelector(".aichatkit-code-block code")?.textContent).toBe(
      "const answer = 42",
    )
  })

  it("leaves the open code block plain while it streams, then highlights it", async () => {
    await loadHighlighter()
    const view = render(<Markdown text={"```js\nconst answer = 4"} streaming />)
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 20))
    })
    expect(view.container.querySelector(".hljs-keyword")).toBeNull()
    view.rerender(<Markdown text={code} />)
    await vi.waitFor(() => {
      if (view.container.querySelector(".hljs-keyword") === null) throw new Error("not yet")
    })
  })

  it("keeps an unknown language as plain text", async () => {
    await loadHighlighter()
    const { container } = render(<Markdown text={"```klingon\nqapla'\n```"} />)
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 20))
    })
    expect(container.querySelector(".aichatkit-code-block-language")?.textContent).toBe("klingon")
    expect(container.querySelector("code")?.innerHTML).toBe("qapla'")
  })
})
