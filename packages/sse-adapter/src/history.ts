/**
 * The conversation kept on the server (`historyUrl`): read with GET (decoded by the dialect, or
 * a list of `ChatResponseItem`s checked one by one) and cleared with DELETE.
 */
import {
  ChatError,
  type ChatResponseItem,
  chatResponseItemProblem,
  toChatError,
} from "@aichatkit/types"
import { httpError } from "./errors.js"
import { type HttpClient, resolveUrl } from "./http.js"
import type { SSEAdapterOptions, SSEDialect } from "./types.js"

/** The session's items from `historyUrl`; none when the server does not know the session yet. */
export async function fetchHistory(
  http: HttpClient,
  historyUrl: NonNullable<SSEAdapterOptions["historyUrl"]>,
  dialect: SSEDialect<unknown>,
  sessionId: string,
): Promise<ChatResponseItem[]> {
  const url = resolveUrl(historyUrl, sessionId)
  const response = await http.fetch(url, {
    method: "GET",
    headers: { Accept: "application/json" },
  })
  if (response.status === 404) return [] // Haira knows a session only once it has a message.
  if (!response.ok) throw toChatError(await httpError(response, url))
  let body: unknown
  try {
    body = await response.json()
  } catch (error) {
    throw new ChatError("PROTOCOL_ERROR", `The chat history at ${url} is not JSON.`, {
      cause: error,
    })
  }
  if (dialect.decodeHistory) return dialect.decodeHistory(body, { sessionId })
  const list = Array.isArray(body) ? body : (body as { items?: unknown })?.items
  if (!Array.isArray(list))
    throw new ChatError("PROTOCOL_ERROR", `The chat history at ${url} is not a list of items.`)
  return list.map((item, index) => {
    const problem = chatResponseItemProblem(item)
    if (problem)
      throw new ChatError(
        "PROTOCOL_ERROR",
        `The chat history's item ${index} is invalid: ${problem}.`,
      )
    return item as ChatResponseItem
  })
}

/** Deletes the session's history at `historyUrl` (a session the server never knew is fine). */
export async function deleteHistory(
  http: HttpClient,
  historyUrl: NonNullable<SSEAdapterOptions["historyUrl"]>,
  sessionId: string,
): Promise<void> {
  const url = resolveUrl(historyUrl, sessionId)
  const response = await http.fetch(url, { method: "DELETE", headers: {} })
  if (!response.ok && response.status !== 404) throw toChatError(await httpError(response, url))
}
