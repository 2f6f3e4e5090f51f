/**
 * The code shown under a story on its docs page. Stories of the chat and its parts render
 * through a test harness (`StoryChat`, a MemoryAdapter and seeded actions); the snippet a
 * reader copies is what their app would write instead: the component with the story's props,
 * over `adapter`, inside a `ChatProvider` for a part. Other stories keep Storybook's snippet.
 */
import { isValidElement, type ReactElement } from "react"
import type { StoryContext } from "storybook/internal/types"

/** `onCardAction` → `handleCardAction`: the name an app's handler would have. */
function handlerName(prop: string): string {
  return prop.startsWith("on") ? `handle${prop.slice(2)}` : prop
}

function containsFunction(value: unknown): boolean {
  if (typeof value === "function") return true
  if (value === null || typeof value !== "object") return false
  return Object.values(value).some(containsFunction)
}

/** A simple element (`<span className="avatar">ME</span>`) as JSX; undefined for others. */
function elementJsx(element: ReactElement): string | undefined {
  if (typeof element.type !== "string") return undefined
  const { children, ...props } = element.props as Record<string, unknown>
  if (children !== undefined && typeof children !== "string") return undefined
  const attributes = Object.entries(props)
    .filter(([, value]) => typeof value === "string")
    .map(([name, value]) => ` ${name}=${JSON.stringify(value)}`)
    .join("")
  return children === undefined
    ? `<${element.type}${attributes} />`
    : `<${element.type}${attributes}>${children}</${element.type}>`
}

/** One JSX attribute, or undefined for a prop left unset. */
function attribute(name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined
  if (value === true) return name
  if (typeof value === "string") return `${name}=${JSON.stringify(value)}`
  if (typeof value === "number" || typeof value === "boolean") return `${name}={${value}}`
  if (typeof value === "function") return `${name}={${handlerName(name)}}`
  if (isValidElement(value)) return `${name}={${elementJsx(value) ?? name}}`
  // A map of components (`renderers`) is the app's own object.
  if (containsFunction(value)) return `${name}={${name}}`
  return `${name}={${JSON.stringify(value, null, 2)}}`
}

/** `<Name a="1" b />`, on one line when it is short, else one attribute a line. */
function element(name: string, attributes: readonly string[], indent: string): string {
  const oneLine = `<${name}${attributes.map((entry) => ` ${entry}`).join("")} />`
  if (oneLine.length <= 90 && !oneLine.includes("\n")) return `${indent}${oneLine}`
  const lines = attributes.map((entry) => `${indent}  ${entry.replaceAll("\n", `\n${indent}  `)}`)
  return [`${indent}<${name}`, ...lines, `${indent}/>`].join("\n")
}

/** Components that take the adapter themselves; the other parts read it from a provider. */
const wholeChats = new Set(["ChatView", "ChatInterface"])

/** The `docs.source.transform` of every story (see the module comment). */
export function sourceSnippet(code: string, context: StoryContext): string {
  if (!code.includes("StoryChat")) return code
  const component = context.component as { displayName?: string; name?: string } | undefined
  const name = component?.displayName ?? component?.name ?? context.title.split("/").at(-1)!
  const attributes = Object.entries(context.args)
    .map(([prop, value]) => attribute(prop, value))
    .filter((entry): entry is string => entry !== undefined)
  if (wholeChats.has(name)) return element(name, ["adapter={adapter}", ...attributes], "")
  return [
    "<ChatProvider adapter={adapter}>",
    element(name, attributes, "  "),
    "</ChatProvider>",
  ].join("\n")
}
