import { ChatError } from "@aichatkit/types"
import {
  CombinedGraphQLErrors,
  CombinedProtocolErrors,
  ServerError,
  ServerParseError,
} from "@apollo/client"
import { describe, expect, it } from "vitest"
import { classifyError } from "./errors.js"

const graphql = (message: string, extensions?: Record<string, unknown>) =>
  new CombinedGraphQLErrors({ errors: [{ message, ...(extensions ? { extensions } : {}) }] })

const http = (status: number, bodyText: string) =>
  new ServerError(`Response not successful: Received status code ${status}`, {
    response: new Response(bodyText, { status }),
    bodyText,
  })

describe("classifyError", () => {
  it.each<[string, unknown, string, boolean, string]>([
    [
      "a GraphQL error with one of our codes",
      graphql("Gone.", { code: "NOT_FOUND" }),
      "NOT_FOUND",
      false,
      "Loading failed: Gone.",
    ],
    [
      "an unauthenticated GraphQL error",
      graphql("Who are you?", { code: "UNAUTHENTICATED" }),
      "AUTHENTICATION_FAILED",
      false,
      "Who are you?",
    ],
    [
      "a validation error",
      graphql('Cannot query field "x".', { code: "GRAPHQL_VALIDATION_FAILED" }),
      "PROTOCOL_ERROR",
      false,
      "check the adapter's `documents`",
    ],
    [
      "a resolver's own error",
      graphql("Database on fire."),
      "SERVER_ERROR",
      false,
      "Database on fire.",
    ],
    ["HTTP 401", http(401, ""), "AUTHENTICATION_FAILED", false, "HTTP 401"],
    ["HTTP 404", http(404, "Not here"), "NOT_FOUND", false, "HTTP 404: Not here"],
    ["HTTP 429", http(429, ""), "RATE_LIMITED", true, "HTTP 429"],
    [
      "HTTP 503 with a JSON body",
      http(503, '{"errors":[{"message":"Down for maintenance"}]}'),
      "SERVER_ERROR",
      true,
      "HTTP 503: Down for maintenance",
    ],
    ["HTTP 504", http(504, ""), "TIMEOUT", true, "HTTP 504"],
    [
      "an unparsable answer",
      new ServerParseError(new SyntaxError("Unexpected token <"), {
        response: new Response("<html>"),
        bodyText: "<html>",
      }),
      "PROTOCOL_ERROR",
      false,
      "not a GraphQL response",
    ],
    [
      "protocol errors",
      new CombinedProtocolErrors([{ message: "bad frame" }]),
      "PROTOCOL_ERROR",
      false,
      "not a GraphQL response",
    ],
    [
      "a network failure",
      new TypeError("fetch failed"),
      "CONNECTION_FAILED",
      true,
      "could not be reached (fetch failed)",
    ],
    [
      "an abort",
      new DOMException("aborted", "AbortError"),
      "CANCELLED",
      false,
      "Loading was cancelled.",
    ],
  ])("classifies %s", (_, error, code, transient, text) => {
    const classified = classifyError(error, "Loading")
    expect(classified.error).toBeInstanceOf(ChatError)
    expect(classified.error.code).toBe(code)
    expect(classified.transient).toBe(transient)
    expect(classified.error.message).toContain(text)
  })

  it("keeps a ChatError as it is", () => {
    const error = new ChatError("AUTHENTICATION_FAILED", "Refused.")
    expect(classifyError(error, "Loading")).toEqual({ error, transient: false })
  })

  it("keeps the retryable flag a GraphQL error carries", () => {
    expect(classifyError(graphql("Busy.", { retryable: true }), "Loading").error.retryable).toBe(
      true,
    )
  })
})
