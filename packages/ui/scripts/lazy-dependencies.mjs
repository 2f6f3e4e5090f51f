/**
 * Dependencies that only code loaded with a dynamic `import()` uses (the highlighter, the
 * virtualized list). Vite's dev server finds those at runtime, optimizes them and reloads the
 * page, which a story test running at that moment sees as "No Preview". Listing them in
 * `optimizeDeps.include` (.storybook/main.ts, vitest.config.ts) optimizes them up front.
 */
export const lazyDependencies = [
  "@tanstack/react-virtual",
  "lowlight",
  ...["bash", "css", "diff", "go", "java", "javascript", "json", "python", "rust", "sql"]
    .concat(["typescript", "xml", "yaml"])
    .map((language) => `highlight.js/lib/languages/${language}`),
]
