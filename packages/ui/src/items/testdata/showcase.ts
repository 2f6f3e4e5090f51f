/** A markdown document using every feature the renderer supports (tests and stories). */
export const showcaseMarkdown = `# Release notes

Some **bold**, _italic_, ***both***, ~~struck~~ and \`inline code\` text, with a [safe link](https://example.com/docs "Docs")
and an autolink https://example.org plus mail <mailto:team@example.com>.
A hard break follows  
this line. Entities: &amp; &lt;tag&gt; &copy; &#65;.

## Lists

- first item
- second item with **bold**
  - nested item
- [ ] open task
- [x] done task

1. one
2. two

3. three (loose)

> A quote with *emphasis*
continued lazily.

- loose item

  with a second paragraph
- and another

- a third, after a blank line

* a new list (another bullet)

+ and one more

<div onclick="alert(1)">
<img src=x onerror=alert(1)> raw HTML shows as text
</div>

| Tool | Status | Time |
|:-----|:------:|-----:|
| weather | ok | 12 ms |
| search | \`error\` | 3 ms |

---

\`\`\`ts
const answer: number = 42
function greet(name: string) {
  return \`hello \${name}\`
}
\`\`\`

    indented code block

    with a blank line inside

Setext heading
--------------

See [the reference][ref] for details.

[ref]: https://example.com/reference

Final paragraph.
`
