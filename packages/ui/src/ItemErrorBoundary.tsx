import type { ChatResponseItem } from "@aichatkit/types"
import { Component, type ReactNode } from "react"
import type { ItemLabels } from "./items/labels.js"

/** Props of {@link ItemErrorBoundary}. */
export interface ItemErrorBoundaryProps {
  /** The item drawn inside: what the fallback shows when drawing it fails. */
  item: ChatResponseItem
  /** The notice's text. */
  labels: Pick<ItemLabels, "itemFailed">
  children: ReactNode
}

interface ItemErrorBoundaryState {
  failed: boolean
  /** The id of the item the state is about. */
  itemId: string
}

/** The words of an item that can be shown as plain text whatever went wrong drawing it. */
function plainText(item: ChatResponseItem): string {
  switch (item.type) {
    case "message":
      return typeof item.content === "string" ? item.content : ""
    case "tool_call":
      return typeof item.toolCall?.name === "string" ? item.toolCall.name : ""
    case "card":
      return typeof item.card?.title === "string" ? item.card.title : ""
    default:
      return ""
  }
}

/**
 * Catches an error thrown while one item renders (a custom renderer, text the markdown parser
 * cannot take) and shows that item's text as plain text with a short notice, so one item never
 * takes down the list, the composer or the sidebar. It stays in its fallback for the item's
 * life (a renderer that failed once would most likely fail on every token) and tries again for
 * another id. Not keyed by the id: the server's copy of the user's message arrives under a new
 * one in the same row, and a key would rebuild the message the user is looking at.
 */
export class ItemErrorBoundary extends Component<ItemErrorBoundaryProps, ItemErrorBoundaryState> {
  static displayName = "ItemErrorBoundary"
  override state: ItemErrorBoundaryState = { failed: false, itemId: this.props.item.id }

  static getDerivedStateFromError(): Partial<ItemErrorBoundaryState> {
    return { failed: true }
  }

  static getDerivedStateFromProps(
    props: ItemErrorBoundaryProps,
    state: ItemErrorBoundaryState,
  ): ItemErrorBoundaryState | null {
    return props.item.id === state.itemId ? null : { failed: false, itemId: props.item.id }
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children
    const text = plainText(this.props.item)
    return (
      <div className="aichatkit-item-failed" role="note">
        <p className="aichatkit-item-failed-notice">{this.props.labels.itemFailed}</p>
        {text === "" ? null : <p className="aichatkit-item-failed-text">{text}</p>}
      </div>
    )
  }
}
