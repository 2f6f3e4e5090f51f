/**
 * The syntax highlighter, loaded with a dynamic `import()` the first time a finished code
 * block needs it, so it is not part of the main bundle. lowlight returns a hast tree, which
 * `highlight.tsx` turns into React elements (no HTML strings).
 */

import type { Root } from "hast"
import bash from "highlight.js/lib/languages/bash"
import css from "highlight.js/lib/languages/css"
import diff from "highlight.js/lib/languages/diff"
import go from "highlight.js/lib/languages/go"
import java from "highlight.js/lib/languages/java"
import javascript from "highlight.js/lib/languages/javascript"
import json from "highlight.js/lib/languages/json"
import python from "highlight.js/lib/languages/python"
import rust from "highlight.js/lib/languages/rust"
import sql from "highlight.js/lib/languages/sql"
import typescript from "highlight.js/lib/languages/typescript"
import xml from "highlight.js/lib/languages/xml"
import yaml from "highlight.js/lib/languages/yaml"
import { createLowlight } from "lowlight"

const lowlight = createLowlight({
  bash,
  css,
  diff,
  go,
  java,
  javascript,
  json,
  python,
  rust,
  sql,
  typescript,
  xml,
  yaml,
})
lowlight.registerAlias({ bash: ["shell", "console"], xml: ["html", "svg"] })

/** The hast tree of `code` highlighted as `language`, or undefined for an unknown language. */
export function highlightCode(code: string, language: string): Root | undefined {
  const name = language.toLowerCase()
  if (!lowlight.registered(name)) return undefined
  return lowlight.highlight(name, code)
}
