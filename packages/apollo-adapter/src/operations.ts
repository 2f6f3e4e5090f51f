/**
 * The contract's operations on the Apollo client: a query or mutation with retries that neither
 * reads nor writes the cache (a partial answer keeps its data and reports its error), and the
 * `agentEvent` subscription of one agent. Both report what they send and get to the wire tap.
 */
import type { ChatEvent } from "@aichatkit/types"
import type { ApolloClient } from "@apollo/client"
import type { Observable } from "rxjs"
import type { SubscriptionResult } from "./agent-stream.js"
import type { ResolvedOperation, ResultOf, resolveDocuments } from "./documents.js"
import { encodeOperation, what } from "./encode.js"
import { classifyError } from "./errors.js"
import { withRetries } from "./retry.js"
import type { ChatDocuments, OperationInput } from "./types.js"

/** What the operations need from the adapter. */
export interface OperationHost {
  readonly client: ApolloClient
  readonly documents: ReturnType<typeof resolveDocuments>
  readonly maxRetries: number
  readonly retryDelayMs: number
  /** Whether anyone listens to the wire tap (so nothing is built for nobody). */
  wireObserved(): boolean
  tapWire(direction: "in" | "out", data: unknown, agentId?: string): void
  emit(event: ChatEvent): void
}

/** Runs one operation of the contract, with retries, without reading or writing the cache. */
export function runOperation<K extends keyof ChatDocuments>(
  host: OperationHost,
  name: K,
  input: OperationInput,
  signal?: AbortSignal,
): Promise<ResultOf<K>> {
  const operation = host.documents[name] as ResolvedOperation<unknown>
  const { kind, variables, context } = encodeOperation(operation, input, signal)
  const agentId = input.agentId === "" ? undefined : input.agentId
  return withRetries(
    async () => {
      if (host.wireObserved()) host.tapWire("out", { operation: name, kind, variables }, agentId)
      const result =
        kind === "mutation"
          ? await host.client.mutate({
              mutation: operation.document,
              variables,
              fetchPolicy: "no-cache",
              errorPolicy: "all",
              context,
            })
          : await host.client.query({
              query: operation.document,
              variables,
              fetchPolicy: "no-cache",
              errorPolicy: "all",
              context,
            })
      if (host.wireObserved()) {
        const answer = { operation: name, data: result.data, error: result.error?.message }
        host.tapWire("in", answer, agentId)
      }
      if (!result.error) return operation.result(result.data) as never
      // An answer with data and errors (a field that failed): keep the data, show the error.
      const data = result.data == null ? undefined : operation.result(result.data)
      if (data === undefined || data === null || input.agentId === "") throw result.error
      const { error } = classifyError(result.error, `${what[name]} partly`)
      host.emit({ type: "error", agentId: input.agentId, error: error.toJSON() })
      return data as never
    },
    { maxRetries: host.maxRetries, baseDelayMs: host.retryDelayMs, signal, what: what[name] },
  )
}

/** Opens `agentId`'s `agentEvent` subscription (one attempt; AgentStream keeps it alive). */
export function subscribeToAgentEvents(
  host: OperationHost,
  agentId: string,
): Observable<SubscriptionResult> {
  const operation = host.documents.agentEvent
  const variables = operation.variables({ agentId })
  const subscription = { operation: "agentEvent", kind: "subscription", variables }
  if (host.wireObserved()) host.tapWire("out", subscription, agentId)
  return host.client.subscribe({
    query: operation.document,
    variables,
    fetchPolicy: "no-cache",
  }) as unknown as Observable<SubscriptionResult>
}
