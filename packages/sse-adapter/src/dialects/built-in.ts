/**
 * The built-in dialects as the adapter knows them before their code loads: what each can do
 * (the adapter's capabilities follow from it at construction), and the dynamic import that
 * loads one. A page ships only the dialect it speaks, loaded when its first agent starts.
 */
import type { SSEDialect } from "../types.js"

/** What a dialect can do: the part of {@link SSEDialect} its capabilities follow from. */
export type DialectTraits = Pick<
  SSEDialect<unknown>,
  "name" | "sendsHistory" | "answersToolCalls" | "resumeReplaysFromStart"
>

/** Each built-in dialect's traits, by the name `SSEAdapterOptions.dialect` takes. */
export const builtInDialects = {
  haira: { name: "haira" },
  "ai-sdk": {
    name: "ai-sdk",
    sendsHistory: true,
    answersToolCalls: true,
    resumeReplaysFromStart: true,
  },
  "ag-ui": { name: "ag-ui", sendsHistory: true, answersToolCalls: true },
} as const satisfies Record<string, DialectTraits>

/** A built-in dialect's name. */
export type DialectName = keyof typeof builtInDialects

/** What the dialect `dialect` (a built-in one's name, or an object) can do. */
export function traitsOf(dialect: SSEDialect<unknown> | DialectName): DialectTraits {
  return typeof dialect === "string" ? builtInDialects[dialect] : dialect
}

/** Loads the code of the built-in dialect `name`. */
export function loadBuiltInDialect(name: DialectName): Promise<SSEDialect<unknown>> {
  switch (name) {
    case "ai-sdk":
      return import("./ai-sdk.js").then((module) => module.aiSdkDialect as SSEDialect<unknown>)
    case "ag-ui":
      return import("./ag-ui.js").then((module) => module.agUiDialect as SSEDialect<unknown>)
    default:
      return import("./haira.js").then((module) => module.hairaDialect as SSEDialect<unknown>)
  }
}
