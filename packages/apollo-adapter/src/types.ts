import type { UploadFunction } from "@aichatkit/network-adapter"
import type { Attachment, ToolCallResponse } from "@aichatkit/types"
import type { ApolloClient, ApolloLink, DocumentNode, TypedDocumentNode } from "@apollo/client"

/** What identifies one call of an operation: the agent, and for a turn the user's message. */
export interface OperationInput {
  agentId: string
  /** The user's message (for `continueChat`; for `regenerate`, the one answered again). */
  message?: string
  /** The tool call answered and the answer (only for `respondToToolCall`). */
  toolCallId?: string
  response?: ToolCallResponse
  /**
   * The message's files, uploaded by the adapter's `upload` (only for `continueChat`, only when
   * files were sent): map them into your `continueChat` document's variables.
   */
  attachments?: readonly Attachment[]
}

/**
 * One GraphQL operation the adapter runs, and how to read its result. Its kind (query,
 * mutation or subscription) is read from the document itself.
 */
export interface ChatOperation<TResult> {
  // biome-ignore lint/suspicious/noExplicitAny: documents of any result shape are accepted.
  document: DocumentNode | TypedDocumentNode<any, any>
  /** The variables for one call; the Modus names (`id`, `query`, `agentId`) when absent. */
  variables?: (input: OperationInput) => Record<string, unknown>
  /** Reads what the adapter needs from the operation's `data`; the Modus shape when absent. */
  // biome-ignore lint/suspicious/noExplicitAny: `data` is whatever the user's schema returns.
  result?: (data: any) => TResult
}

/**
 * Items as a result mapper may return them: a JSON string of an array (Modus), or the array
 * itself (a schema with typed fields). Either way every item is checked before use.
 */
export type ItemsResult = string | readonly unknown[]

/** One event of the `agentEvent` subscription: `data` is JSON (a string) or an object. */
export interface AgentEventResult {
  name: string
  data: unknown
  timestamp?: string
}

/** Every operation of the chat contract; `documents` replaces any of them. */
export interface ChatDocuments {
  /** Creates a conversation; the result is the agent id. */
  createConversation: ChatOperation<string>
  /** Runs one turn; the result is the items of the turn. */
  continueChat: ChatOperation<ItemsResult>
  /** The whole conversation's items. */
  chatHistory: ChatOperation<ItemsResult>
  /** Forgets the conversation; a result of `false` is reported as a failure. */
  deleteConversationHistory: ChatOperation<boolean | undefined>
  /** Stops the agent; a result of `false` is reported as a failure. */
  deleteAgent: ChatOperation<boolean | undefined>
  /** The agent's event stream (used only when `subscriptions` is set). */
  agentEvent: ChatOperation<AgentEventResult | null | undefined>
  /**
   * Answers a tool call that waits (approval, a browser tool's output): your mutation. Not in
   * Modus: the adapter offers answers (`capabilities.toolApproval`) only when you give it.
   * Variables from `agentId`, `toolCallId` and `response`; a result of `false` is a failure.
   */
  respondToToolCall: ChatOperation<boolean | undefined>
  /**
   * Answers the conversation's last user message again, replacing the last answer: your
   * mutation. Not in Modus: the adapter offers it (`capabilities.regenerateLast`) only when you
   * give it. Variables from `agentId` (and `message`, that user message's text); the result is
   * the new answer's items, as `continueChat`'s.
   */
  regenerate: ChatOperation<ItemsResult>
}

/** Where the `agentEvent` subscription goes. */
export type SubscriptionsOption =
  | {
      /** `ws://…/graphql` for graphql-ws, `http://…/graphql` for SSE. */
      url: string
      /** `graphql-ws` over WebSocket (the default) or GraphQL over SSE (`graphql-sse`). */
      transport?: "graphql-ws" | "sse"
      /** A WebSocket class where there is no global one (Node 20: `ws`'s `WebSocket`). */
      webSocketImpl?: unknown
    }
  /** A ready link for subscription operations (the adapter builds the HTTP link itself). */
  | { link: ApolloLink }
  /** The given `apolloClient` already routes subscriptions: stream through it. */
  | "client"

/** Options of {@link ApolloAdapter}. */
export interface ApolloAdapterOptions {
  /** The GraphQL endpoint. Default `http://localhost:8686/graphql` (Modus). */
  apiUrl?: string
  /** Sent as `Authorization: Bearer <token>` (and as connection params on WebSocket). */
  apiToken?: string
  /** Retries of a call after a network error or a 5xx, with backoff. Default 3. */
  maxRetries?: number
  /** First backoff delay in ms, doubled per retry (with jitter, capped at 5 s). Default 300. */
  retryDelayMs?: number
  /** A ready client, used as is (its links, cache and headers); `apiUrl`/`apiToken` are then ignored. */
  apolloClient?: ApolloClient
  /** Replaces any of the Modus operations with your own document and mapping. */
  documents?: Partial<ChatDocuments>
  /** Enables streaming through the `agentEvent` subscription. */
  subscriptions?: SubscriptionsOption
  /** How long to wait for a new subscription's `subscribed` event before sending anyway, in ms. Default 1000. */
  subscribeTimeoutMs?: number
  /** How long a finished turn waits for its `done` event before settling, in ms. Default 2000. */
  doneTimeoutMs?: number
  /** Largest `data` of one streamed event, in characters. Default 1 MiB. */
  maxEventSize?: number
  /**
   * How long a turn may receive nothing (no answer, no streamed event), in ms, before it ends
   * with TIMEOUT. Default 60,000; 0 never times out.
   */
  idleTimeoutMs?: number
  /**
   * Uploads a file the user sends and resolves with its URL (your storage, a signed URL).
   * GraphQL carries the links, not the bytes: with it the adapter sends files
   * (`capabilities.attachments`), handing them to `continueChat`'s `variables` mapper as
   * `attachments` (`{ id, name, mediaType, size?, url }`). The default (Modus) mutation has no
   * place for them: give a `continueChat` document that takes them. It is handed the turn's `signal` and an `onProgress(loaded, total)` to report the
   * upload's progress, which reaches `sendMessage`'s `onUploadProgress` (the UI's bar).
   */
  upload?: UploadFunction | undefined
  /** The largest file the user may send, in bytes (default 20 MB). */
  maxAttachmentBytes?: number | undefined
  /** A `fetch` for the HTTP link (tests, proxies); the global one by default. */
  fetch?: typeof fetch
}

/** The Modus default endpoint. */
export const DEFAULT_API_URL = "http://localhost:8686/graphql"

/** Longest user message sent, in characters. */
export const MAX_MESSAGE_LENGTH = 100_000
