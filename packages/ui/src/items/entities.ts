/**
 * Decodes the HTML character references markdown text may contain (`&amp;`, `&#65;`), so
 * text shows as the author meant. The result is only ever used as a React text node.
 */

const named: Readonly<Record<string, string>> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: "\u00a0",
  copy: "©",
  reg: "®",
  trade: "™",
  hellip: "…",
  mdash: "—",
  ndash: "–",
  lsquo: "‘",
  rsquo: "’",
  ldquo: "“",
  rdquo: "”",
  laquo: "«",
  raquo: "»",
  times: "×",
  divide: "÷",
  deg: "°",
  middot: "·",
  bull: "•",
  euro: "€",
  pound: "£",
  yen: "¥",
  cent: "¢",
  sect: "§",
  para: "¶",
  plusmn: "±",
  larr: "←",
  rarr: "→",
  uarr: "↑",
  darr: "↓",
}

const reference = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z][a-zA-Z0-9]{1,31}));/g

function fromCodePoint(codePoint: number): string | undefined {
  if (codePoint === 0 || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) {
    return "\ufffd"
  }
  return String.fromCodePoint(codePoint)
}

/** `text` with known character references replaced; unknown ones are left as written. */
export function decodeEntities(text: string): string {
  if (!text.includes("&")) return text
  return text.replace(reference, (match, decimal?: string, hex?: string, name?: string) => {
    if (decimal !== undefined) return fromCodePoint(Number.parseInt(decimal, 10)) ?? match
    if (hex !== undefined) return fromCodePoint(Number.parseInt(hex, 16)) ?? match
    return (name !== undefined && Object.hasOwn(named, name) ? named[name] : undefined) ?? match
  })
}
