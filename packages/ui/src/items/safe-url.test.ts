import { describe, expect, it } from "vitest"
import { safeUrl } from "./safe-url.js"

describe("safeUrl", () => {
  it.each([
    ["https://example.com/a?b=1#c", "https://example.com/a?b=1#c"],
    ["http://example.com", "http://example.com/"],
    ["mailto:someone@example.com", "mailto:someone@example.com"],
    ["  https://example.com", "https://example.com/"],
  ])("keeps %s", (input, expected) => {
    expect(safeUrl(input)).toBe(expected)
  })

  it.each([
    "javascript:alert(1)",
    " JavaScript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "/relative/path",
    "example.com",
    "",
    `https://example.com/${"a".repeat(9000)}`,
    42,
    null,
    undefined,
  ])("refuses %s", (input) => {
    expect(safeUrl(input)).toBeUndefined()
  })
})
