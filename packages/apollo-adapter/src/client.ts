/**
 * Builds the Apollo client the adapter uses when none is given: HTTP for queries and
 * mutations, graphql-ws or GraphQL over SSE for the `agentEvent` subscription. The
 * subscription libraries are loaded with `import()` on the first subscription, so an app that
 * only uses HTTP does not download them.
 */

import { ChatError } from "@aichatkit/types"
import {
  ApolloClient,
  ApolloLink,
  CombinedGraphQLErrors,
  HttpLink,
  InMemoryCache,
} from "@apollo/client"
import { print } from "graphql"
import { Observable } from "rxjs"
import type { ApolloAdapterOptions, SubscriptionsOption } from "./types.js"

/** A client the adapter owns, and how to free what it holds. */
export interface OwnedClient {
  client: ApolloClient
  dispose(): void
}

/** Sends `Authorization: Bearer <token>` with every HTTP operation when there is a token. */
function authLink(getToken: () => string | undefined): ApolloLink {
  return new ApolloLink((operation, forward) => {
    const token = getToken()
    if (token) {
      operation.setContext(({ headers }: { headers?: Record<string, string> }) => ({
        headers: { ...headers, Authorization: `Bearer ${token}` },
      }))
    }
    return forward(operation)
  })
}

type Subscribe = (
  request: { query: string; variables?: Record<string, unknown>; operationName?: string },
  sink: { next(value: unknown): void; error(error: unknown): void; complete(): void },
) => () => void

/** What a socket's error callback received, as an `Error` Apollo and the adapter understand. */
function toError(error: unknown): unknown {
  if (error instanceof Error) return error
  if (Array.isArray(error)) return new CombinedGraphQLErrors({ errors: error })
  if (typeof error === "object" && error !== null && "code" in error && "reason" in error) {
    const { code, reason } = error as { code: unknown; reason: unknown }
    if (code === 4401 || code === 4403) {
      return new ChatError(
        "AUTHENTICATION_FAILED",
        `The subscription server refused the credentials (${String(code)}${reason ? ` ${String(reason)}` : ""}); check apiToken.`,
      )
    }
    return new Error(
      `the connection closed (code ${String(code)}${reason ? `, ${String(reason)}` : ""})`,
    )
  }
  // An `ErrorEvent` of a socket that could not connect. (Apollo's own GraphQLWsLink checks it
  // against a global `WebSocket`, which Node 20 lacks.)
  return new Error("the connection to the subscription server failed")
}

/** A terminating link for subscriptions over a graphql-ws or graphql-sse client. */
function subscribeLink(subscribe: Subscribe): ApolloLink {
  return new ApolloLink(
    (operation) =>
      new Observable<ApolloLink.Result>((observer) =>
        subscribe(
          {
            query: print(operation.query),
            variables: operation.variables,
            ...(operation.operationName ? { operationName: operation.operationName } : {}),
          },
          {
            next: (value) => observer.next(value as ApolloLink.Result),
            error: (error) => observer.error(toError(error)),
            complete: () => observer.complete(),
          },
        ),
      ),
  )
}

interface SubscriptionClient {
  subscribe: Subscribe
  dispose(): unknown
}

/**
 * A link over a graphql-ws or graphql-sse client made by `load` on the first subscription
 * (which imports the library then). A subscription cancelled before the client is ready never
 * starts; a failed import fails that subscription.
 */
function lazyClientLink(load: () => Promise<SubscriptionClient>): OwnedLink {
  let client: Promise<SubscriptionClient> | undefined
  const subscribe: Subscribe = (request, sink) => {
    client ??= load()
    let cancelled = false
    let unsubscribe: (() => void) | undefined
    client.then(
      (ready) => {
        if (!cancelled) unsubscribe = ready.subscribe(request, sink)
      },
      (error: unknown) => {
        if (!cancelled) sink.error(error)
      },
    )
    return () => {
      cancelled = true
      unsubscribe?.()
    }
  }
  return {
    link: subscribeLink(subscribe),
    dispose: () => {
      client?.then(
        (ready) => ready.dispose(),
        () => {},
      )
    },
  }
}

/** Runs subscription operations over GraphQL over SSE (the `graphql-sse` protocol). */
function sseLink(url: string, getToken: () => string | undefined): OwnedLink {
  return lazyClientLink(async () => {
    const { createClient } = await import("graphql-sse")
    return createClient({
      url,
      retryAttempts: 0,
      headers: (): Record<string, string> => {
        const token = getToken()
        return token ? { Authorization: `Bearer ${token}` } : {}
      },
    })
  })
}

/** Runs subscription operations over a WebSocket (the `graphql-ws` protocol). */
function webSocketLink(
  option: Extract<SubscriptionsOption, { url: string }>,
  getToken: () => string | undefined,
): OwnedLink {
  return lazyClientLink(async () => {
    const { createClient } = await import("graphql-ws")
    return createClient({
      url: option.url,
      lazy: true,
      // The adapter resubscribes itself (and refetches what it missed), so the socket does not retry.
      retryAttempts: 0,
      shouldRetry: () => false,
      ...(option.webSocketImpl === undefined ? {} : { webSocketImpl: option.webSocketImpl }),
      connectionParams: () => {
        const token = getToken()
        return token ? { Authorization: `Bearer ${token}` } : {}
      },
    })
  })
}

interface OwnedLink {
  link: ApolloLink
  dispose(): void
}

function subscriptionLink(
  option: Exclude<SubscriptionsOption, "client">,
  getToken: () => string | undefined,
): OwnedLink {
  if ("link" in option) return { link: option.link, dispose: () => {} }
  if (option.transport === "sse") return sseLink(option.url, getToken)
  return webSocketLink(option, getToken)
}

/** The default client: no cache is read for chat data (see the README's cache policy). */
export function createOwnedClient(
  options: ApolloAdapterOptions,
  apiUrl: string,
  getToken: () => string | undefined,
): OwnedClient {
  const http = ApolloLink.from([
    authLink(getToken),
    new HttpLink({ uri: apiUrl, ...(options.fetch ? { fetch: options.fetch } : {}) }),
  ])
  const subscriptions =
    options.subscriptions === undefined || options.subscriptions === "client"
      ? undefined
      : subscriptionLink(options.subscriptions, getToken)
  const link = subscriptions
    ? ApolloLink.split(
        (operation) => operation.operationType === "subscription",
        subscriptions.link,
        http,
      )
    : http
  const client = new ApolloClient({ link, cache: new InMemoryCache() })
  return {
    client,
    dispose() {
      client.stop()
      subscriptions?.dispose()
    },
  }
}
