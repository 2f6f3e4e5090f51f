/**
 * Item lists from the server, pure: a JSON string of an array (Modus sends them so) or the
 * array itself, each item checked; what does not fit becomes an error value, never a throw.
 */
import { keepAgentFiles } from "@aichatkit/network-adapter/agent-files"
import { type AdapterError, type ChatResponseItem, chatResponseItemProblem } from "@aichatkit/types"

/** The items that fit, and one error per part that did not (those parts are skipped). */
export interface DecodedItems {
  items: ChatResponseItem[]
  errors: AdapterError[]
}

/** Largest item list accepted, in characters of JSON. */
export const MAX_ITEMS_SIZE = 16 * 1024 * 1024

/** A PROTOCOL_ERROR value (never thrown: decoding reports, it does not fail). */
export function protocolError(message: string, cause?: unknown): AdapterError {
  const error: AdapterError = { code: "PROTOCOL_ERROR", message, retryable: false }
  if (cause !== undefined) error.cause = cause
  return error
}

function describe(value: unknown): string {
  if (value === null) return "null"
  if (Array.isArray(value)) return "an array"
  return typeof value === "string" ? "a string" : `a ${typeof value}`
}

/**
 * Parses and checks a list of items: a JSON string of an array (Modus) or the array itself.
 * An item that does not fit is skipped and reported, as is a file of it the chat may not hold
 * (`keepAgentFiles`: the item stays without it); a duplicated id keeps the later item in the
 * earlier place, and is reported.
 */
export function decodeItems(raw: unknown, what = "the server's answer"): DecodedItems {
  let list: unknown = raw
  if (typeof raw === "string") {
    if (raw.length > MAX_ITEMS_SIZE) {
      return {
        items: [],
        errors: [
          {
            code: "PAYLOAD_TOO_LARGE",
            message: `The items of ${what} are larger than ${MAX_ITEMS_SIZE} characters and were not read.`,
            retryable: false,
          },
        ],
      }
    }
    try {
      list = JSON.parse(raw)
    } catch (cause) {
      return {
        items: [],
        errors: [protocolError(`The items of ${what} are not valid JSON; none were shown.`, cause)],
      }
    }
  }
  if (!Array.isArray(list)) {
    return {
      items: [],
      errors: [
        protocolError(
          `The items of ${what} should be a list (a JSON array) but are ${describe(list)}; none were shown.`,
        ),
      ],
    }
  }
  const byId = new Map<string, ChatResponseItem>()
  const errors: AdapterError[] = []
  list.forEach((value, index) => {
    const problem = chatResponseItemProblem(value)
    if (problem !== undefined) {
      errors.push(
        protocolError(`Item ${index + 1} of ${what} was skipped because its ${problem}.`, value),
      )
      return
    }
    const kept = keepAgentFiles(value as ChatResponseItem)
    for (const message of kept.problems) errors.push(protocolError(message))
    const item = kept.item
    if (byId.has(item.id)) {
      errors.push(
        protocolError(`Item "${item.id}" appears twice in ${what}; the later one was kept.`),
      )
    }
    byId.set(item.id, item)
  })
  return { items: [...byId.values()], errors }
}
