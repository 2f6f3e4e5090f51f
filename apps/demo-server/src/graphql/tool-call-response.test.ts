/** The `respondToToolCall` mutation's `response` argument, read both ways it can go. */
import { describe, expect, it } from "vitest"
import { parseToolCallResponse } from "./tool-call-response.js"

describe("parseToolCallResponse", () => {
  it.each([
    ['{"approved":true}', { approved: true }],
    ['{"approved":false,"reason":"not now"}', { approved: false, reason: "not now" }],
    ['{"output":{"rows":2}}', { output: { rows: 2 } }],
    ['{"output":null}', { output: null }],
    ['{"error":"the tool crashed"}', { error: "the tool crashed" }],
  ])("reads %s", (text, expected) => {
    expect(parseToolCallResponse(text)).toEqual(expected)
  })

  it.each([
    ["text that is not JSON", "yes"],
    ["an approval that is not a boolean", '{"approved":"yes"}'],
    ["a reason that is not a string", '{"approved":true,"reason":7}'],
    ["an error that is not a string", '{"error":{"message":"x"}}'],
    ["an object with none of the fields", '{"result":1}'],
    ["an approval from the prototype only", '{"__proto__":{"approved":true}}'],
    ["JSON that is not an object", "null"],
  ])("refuses %s with INVALID_INPUT saying what it takes", (_name, text) => {
    expect(() => parseToolCallResponse(text)).toThrow(
      expect.objectContaining({
        message: expect.stringMatching(/^The response is JSON of \{ "approved": boolean/),
        extensions: { code: "INVALID_INPUT", retryable: false },
      }),
    )
  })
})
