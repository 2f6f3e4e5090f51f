import { type RefObject, useCallback, useLayoutEffect, useRef } from "react"

/** The first item in view and how far its top sits below the viewport's top. */
interface Anchor {
  itemId: string
  offset: number
}

/**
 * Keeps the reading position when items are inserted above the one in view (older history
 * loading): remembers the first visible item on every scroll and, after the ids change,
 * scrolls so that item sits where it was. `locate` gives an item's top within the scroll
 * content when it is not in the DOM (virtualized lists).
 */
export function useScrollAnchor(
  scrollRef: RefObject<HTMLElement | null>,
  itemIds: readonly string[],
  options: { isPinned: () => boolean; locate?: (itemId: string) => number | undefined },
): () => void {
  const anchor = useRef<Anchor | undefined>(undefined)
  const { isPinned, locate } = options

  const record = useCallback(() => {
    const element = scrollRef.current
    if (!element) return
    const top = element.getBoundingClientRect().top
    for (const child of element.querySelectorAll<HTMLElement>(".aichatkit-item[data-item-id]")) {
      const box = child.getBoundingClientRect()
      if (box.bottom > top) {
        anchor.current = { itemId: child.dataset.itemId ?? "", offset: box.top - top }
        return
      }
    }
    anchor.current = undefined
  }, [scrollRef])

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the ids change.
  useLayoutEffect(() => {
    const element = scrollRef.current
    const current = anchor.current
    if (!element || !current || isPinned()) return
    const node = element.querySelector<HTMLElement>(
      `.aichatkit-item[data-item-id="${CSS.escape(current.itemId)}"]`,
    )
    if (node) {
      const offset = node.getBoundingClientRect().top - element.getBoundingClientRect().top
      element.scrollTop += offset - current.offset
      return
    }
    const top = locate?.(current.itemId)
    if (top !== undefined) element.scrollTop = top + -current.offset
  }, [itemIds])

  return record
}
