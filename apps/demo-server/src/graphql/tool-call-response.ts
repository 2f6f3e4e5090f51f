/**
 * The `respondToToolCall` mutation's `response` argument, read from its JSON: an approval, a
 * tool's output or its error; anything else is an INVALID_INPUT the client can act on.
 */
import type { ToolCallResponse } from "@aichatkit/types"
import { chatError } from "./errors.js"

/** The mutation's `response` argument: `{ approved, reason? }`, `{ output }` or `{ error }` as JSON. */
export function parseToolCallResponse(text: string): ToolCallResponse {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    value = undefined
  }
  if (typeof value === "object" && value !== null) {
    const fields = value as Record<string, unknown>
    if (Object.hasOwn(fields, "approved") && typeof fields.approved === "boolean") {
      const reason = Object.hasOwn(fields, "reason") ? fields.reason : undefined
      if (reason === undefined) return { approved: fields.approved }
      if (typeof reason === "string") return { approved: fields.approved, reason }
    } else if (Object.hasOwn(fields, "output")) {
      return { output: fields.output }
    } else if (Object.hasOwn(fields, "error") && typeof fields.error === "string") {
      return { error: fields.error }
    }
  }
  throw chatError(
    "INVALID_INPUT",
    'The response is JSON of { "approved": boolean, "reason"?: string }, { "output": … } or { "error": string }.',
  )
}
