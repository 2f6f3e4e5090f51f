// A module hook under react-server-dom-webpack's loader, which expects ES module source as
// text (Node's default loader gives bytes) and fetches a "use client" module's source map by
// its bare relative name, which Node refuses: hand the source on as text, without the map.
const sourceMapComment = /^\/\/# sourceMappingURL=.*$/m

export async function load(url, context, nextLoad) {
  const result = await nextLoad(url, context)
  if (result.format !== "module" || !result.source) return result
  const text =
    typeof result.source === "string" ? result.source : new TextDecoder().decode(result.source)
  return { ...result, source: text.replace(sourceMapComment, "") }
}
