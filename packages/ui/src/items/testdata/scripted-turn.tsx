/**
 * Plays one turn of the scripted demo agent (`@aichatkit/testing`) and renders its items with
 * the item components, so stories show real streams without the store. Stories only.
 */
import { createScriptedAgent, ItemAccumulator } from "@aichatkit/testing"
import type { Card, CardAction, ChatResponseItem } from "@aichatkit/types"
import { type ReactNode, useEffect, useState } from "react"
import { CardItem } from "../CardItem.js"
import { MessageItem } from "../MessageItem.js"
import { ToolCallItem } from "../ToolCallItem.js"

/** Props of {@link ScriptedTurn}. */
export interface ScriptedTurnProps {
  /** The user message; its keywords pick the scenario ("tool", "card", "fail", …). */
  message: string
  /** Pause between tokens, in ms. */
  tokenDelayMs?: number
  /** Called when a card's button is pressed. */
  onCardAction?: ((action: CardAction, card: Card) => void) | undefined
}

interface TurnState {
  items: ChatResponseItem[]
  streaming: ReadonlySet<string>
  finished: boolean
}

/** The user's message, then the agent's items as they stream in. */
export function ScriptedTurn({
  message,
  tokenDelayMs = 10,
  onCardAction,
}: ScriptedTurnProps): ReactNode {
  const [state, setState] = useState<TurnState>({
    items: [],
    streaming: new Set(),
    finished: false,
  })
  useEffect(() => {
    const controller = new AbortController()
    const agent = createScriptedAgent({ seed: 3, tokenDelayMs, slowTokenDelayMs: tokenDelayMs })
    const accumulator = new ItemAccumulator()
    const streaming = new Set<string>()
    void (async () => {
      for await (const event of agent.respond({
        agentId: "story",
        message,
        signal: controller.signal,
      })) {
        if (controller.signal.aborted) return
        accumulator.apply(event)
        if (event.type === "item-added") streaming.add(event.item.id)
        if (event.type === "item-done") streaming.delete(event.itemId)
        const finished = event.type === "run-finished"
        setState({ items: accumulator.items(), streaming: new Set(streaming), finished })
      }
    })()
    return () => controller.abort()
  }, [message, tokenDelayMs])

  return (
    <div className="story-turn" data-finished={state.finished || undefined}>
      <MessageItem
        item={{
          id: "question",
          type: "message",
          role: "user",
          content: message,
          timestamp: new Date(0).toISOString(),
        }}
      />
      {state.items.map((item) => {
        switch (item.type) {
          case "message":
            return (
              <MessageItem key={item.id} item={item} streaming={state.streaming.has(item.id)} />
            )
          case "tool_call":
            return <ToolCallItem key={item.id} item={item} />
          case "card":
            return (
              <CardItem
                key={item.id}
                item={item}
                {...(onCardAction ? { onAction: onCardAction } : {})}
              />
            )
        }
        return null
      })}
    </div>
  )
}
