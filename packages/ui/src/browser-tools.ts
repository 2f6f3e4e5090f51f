/**
 * Tools that run in the browser: the page implements a tool the agent calls. A function that
 * returns a value (or a promise of one) runs by itself; one that returns a React element is
 * drawn inside the tool call and answers through `respond` when the user has chosen.
 */
import type { ReactNode } from "react"

/** What a browser tool gets besides the call's arguments. */
export interface BrowserToolContext {
  /** Answers the call with the tool's output (for a tool that draws a component). */
  respond(output: unknown): void
  /** Answers the call with an error the agent sees. */
  fail(error: string): void
  /** The tool call's id. */
  toolCallId: string
}

/**
 * A tool the page implements: resolves with its output (a thrown error or rejection becomes
 * the call's error), or returns a React element that answers through `context.respond`.
 */
export type BrowserTool = (
  args: Record<string, unknown>,
  context: BrowserToolContext,
) => unknown | Promise<unknown> | ReactNode

/** Browser tools by the name the agent calls them. */
export type BrowserTools = Record<string, BrowserTool>

/** The tool a call names, looked up as an own property (the name comes from the wire). */
export function ownBrowserTool(tools: BrowserTools, name: unknown): BrowserTool | undefined {
  return typeof name === "string" && Object.hasOwn(tools, name) ? tools[name] : undefined
}
