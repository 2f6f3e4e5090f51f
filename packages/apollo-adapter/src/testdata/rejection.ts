import { ChatError } from "@aichatkit/types"

/** The `ChatError` a promise rejects with; any other outcome fails the test. */
export async function rejection(promise: Promise<unknown>): Promise<ChatError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  )
  if (!(error instanceof ChatError)) throw new Error(`expected a ChatError, got ${String(error)}`)
  return error
}
