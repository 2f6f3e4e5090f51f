// @vitest-environment node
import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"

const css = readFileSync(new URL("./items.css", import.meta.url), "utf8").replace(
  /\/\*[\s\S]*?\*\//g,
  "",
)

/** The theme variables `styles.css` defines; the items' rules use nothing else. */
const themeVariables = new Set([
  "--aichatkit-bg",
  "--aichatkit-fg",
  "--aichatkit-muted",
  "--aichatkit-border",
  "--aichatkit-accent",
  "--aichatkit-accent-fg",
  "--aichatkit-user-bg",
  "--aichatkit-user-fg",
  "--aichatkit-assistant-bg",
  "--aichatkit-assistant-fg",
  "--aichatkit-danger",
  "--aichatkit-success",
  "--aichatkit-warning",
  "--aichatkit-code-bg",
  "--aichatkit-code-fg",
  "--aichatkit-radius",
  "--aichatkit-font",
  "--aichatkit-font-mono",
  "--aichatkit-space",
])

describe("items.css", () => {
  it("takes every colour from the theme variables", () => {
    const withoutComments = css
    expect(withoutComments.match(/#[0-9a-f]{3,8}\b/gi)).toBeNull()
    expect(withoutComments.match(/\b(?:rgba?|hsla?|oklch|lab|lch|color-mix)\(/gi)).toBeNull()
    expect(
      withoutComments.match(
        /(?:color|background|border[a-z-]*):[^;]*\b(?:white|black|red|green|blue|gray|grey)\b/gi,
      ),
    ).toBeNull()
  })

  it("uses only the theme variables of the contract", () => {
    const used = new Set([...css.matchAll(/var\((--[a-z0-9-]+)/g)].map((match) => match[1]!))
    expect([...used].filter((name) => !themeVariables.has(name))).toEqual([])
  })

  it("names its classes aichatkit-<part> and aichatkit-<part>--<state>", () => {
    const classes = new Set([...css.matchAll(/\.([a-zA-Z][\w-]*)/g)].map((match) => match[1]!))
    const foreign = [...classes].filter(
      (name) => !name.startsWith("aichatkit-") && !name.startsWith("hljs"),
    )
    expect(foreign).toEqual([])
  })

  it("gives a file list's placeholder the boxes of the list: an image's frame by the image's rule", () => {
    const rule = (selector: string) =>
      [...css.matchAll(/([^{}]+)\{([^}]*)\}/g)]
        .filter((match) => match[1]!.split(",").some((part) => part.trim() === selector))
        .map((match) => ({
          selectors: match[1]!.trim(),
          body: match[2]!.replace(/\s+/g, " ").trim(),
        }))
    expect(rule(".aichatkit-attachment-frame")).toEqual(rule(".aichatkit-attachment-image > img"))
    expect(rule(".aichatkit-attachment-frame")[0]?.body).toContain("height: 180px;")
  })

  it("gives a draft file's placeholder the thumbnail's box, by the thumbnail's rule", () => {
    const rule = (selector: string) =>
      [...css.matchAll(/([^{}]+)\{([^}]*)\}/g)]
        .filter((match) => match[1]!.split(",").some((part) => part.trim() === selector))
        .map((match) => match[0])
    expect(rule(".aichatkit-attachment-preview-frame")).toEqual(
      rule(".aichatkit-attachment-preview > img"),
    )
    expect(rule(".aichatkit-attachment-preview-frame")[0]).toContain("height: 48px;")
  })
})
