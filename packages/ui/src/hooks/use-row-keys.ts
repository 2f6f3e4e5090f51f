/**
 * The React keys of a list's rows. A row is keyed by its item's id, except the server's copy of
 * the user's message: the store puts it in the optimistic item's place under the server's id
 * (`replaceOptimisticItem`), and a row keyed by that new id would be torn down and built again,
 * so the message the user just saw, its images already loaded, a focused button, an open
 * lightbox, would vanish for a new copy. It keeps the optimistic item's key instead.
 */
import { useLayoutEffect, useMemo, useRef } from "react"
import { useChatSelector } from "./store-hooks.js"

/** What the list showed in its last commit. */
export interface ShownRows {
  itemIds: readonly string[]
  /** The optimistic user item then, if one was waiting for the server's copy. */
  pendingUserItemId: string | undefined
  /** The keys that differ from their item's id, by item id. */
  keys: ReadonlyMap<string, string>
}

/**
 * The keys once `itemIds` follow `shown`: when the optimistic item is gone and a new id took
 * its position, that id inherits the optimistic item's key. Pure; `shown.keys` when unchanged.
 */
export function carryRowKeys(
  shown: ShownRows,
  itemIds: readonly string[],
): ReadonlyMap<string, string> {
  const local = shown.pendingUserItemId
  if (local === undefined || itemIds.includes(local)) return shown.keys
  const index = shown.itemIds.indexOf(local)
  const successor = index === -1 ? undefined : itemIds[index]
  if (successor === undefined || shown.itemIds.includes(successor)) return shown.keys
  const keys = new Map(shown.keys)
  keys.set(successor, shown.keys.get(local) ?? local)
  keys.delete(local)
  return keys
}

/** The key of each row of `itemIds`, a conversation's items as the list shows them. */
export function useRowKeys(
  itemIds: readonly string[],
  conversationId: string | undefined,
): (itemId: string) => string {
  const pendingUserItemId = useChatSelector((state) =>
    conversationId === undefined
      ? undefined
      : state.conversations[conversationId]?.pendingUserItemId,
  )
  // Only what was committed counts: a render React throws away must not move a key.
  const shown = useRef<ShownRows>({ itemIds, pendingUserItemId, keys: new Map() })
  const keys = useMemo(() => carryRowKeys(shown.current, itemIds), [itemIds])
  useLayoutEffect(() => {
    shown.current = { itemIds, pendingUserItemId, keys }
  }, [itemIds, pendingUserItemId, keys])
  return useMemo(() => (itemId: string) => keys.get(itemId) ?? itemId, [keys])
}
