/**
 * The request of one operation of the contract, pure: its kind (query or mutation), its
 * variables from the adapter's input, and the context Apollo sends it with.
 */
import { ChatError } from "@aichatkit/types"
import type { DocumentNode } from "@apollo/client"
import type { ResolvedOperation } from "./documents.js"
import { type ChatDocuments, MAX_MESSAGE_LENGTH, type OperationInput } from "./types.js"

/** What each operation is, as error messages name it. */
export const what: Record<keyof ChatDocuments, string> = {
  createConversation: "Starting a conversation",
  continueChat: "Sending the message",
  chatHistory: "Loading the conversation",
  deleteConversationHistory: "Clearing the conversation",
  deleteAgent: "Stopping the agent",
  agentEvent: "The agent's event stream",
  respondToToolCall: "Sending the answer to the tool call",
  regenerate: "Regenerating the answer",
}

function operationKind(document: DocumentNode): "query" | "mutation" | "subscription" {
  for (const definition of document.definitions) {
    if (definition.kind === "OperationDefinition") return definition.operation
  }
  throw new ChatError("INVALID_INPUT", "A document given to ApolloAdapter has no operation in it.")
}

/** The kind, variables and Apollo context of `operation` called with `input`. */
export function encodeOperation(
  operation: ResolvedOperation<unknown>,
  input: OperationInput,
  signal: AbortSignal | undefined,
) {
  return {
    kind: operationKind(operation.document),
    variables: operation.variables(input),
    context: {
      // Two identical turns in a row are two turns, not one shared request.
      queryDeduplication: false,
      ...(signal ? { fetchOptions: { signal } } : {}),
    },
  }
}

/**
 * Refuses a message that cannot be sent: empty (unless files go with it), or longer than
 * {@link MAX_MESSAGE_LENGTH}.
 */
export function checkMessage(message: unknown, withFiles = false): void {
  if (typeof message !== "string" || (message.trim() === "" && !withFiles)) {
    throw new ChatError("INVALID_INPUT", "The message is empty; type something to send.")
  }
  if (message.length > MAX_MESSAGE_LENGTH) {
    throw new ChatError(
      "PAYLOAD_TOO_LARGE",
      `The message is longer than ${MAX_MESSAGE_LENGTH} characters; shorten it and send again.`,
    )
  }
}
