/** The errors the GraphQL endpoint answers with, each carrying one of our error codes. */
import type { ErrorCode } from "@aichatkit/types"
import type { GraphQLError } from "graphql"
import { createGraphQLError } from "graphql-yoga"

/**
 * A GraphQL error the adapter maps to one of our error codes. Made by Yoga's own helper, so
 * it is an error of the `graphql` instance Yoga checks (a foreign one would be masked).
 */
export function chatError(code: ErrorCode, message: string, retryable = false): GraphQLError {
  return createGraphQLError(message, { extensions: { code, retryable } })
}
