import { createChatController, createChatStore } from "@aichatkit/store"
import { chatPersistence } from "@aichatkit/store/persist"
import type { Card, CardAction } from "@aichatkit/types"
import { ChatInterface } from "@aichatkit/ui"
import { Profiler, Suspense, useEffect, useMemo, useState } from "react"
import { findAdapterChoice } from "./adapters.js"
import { playgroundTools } from "./browser-tools.js"
import { countChatCommit, LazyChatDevtools } from "./devtools.js"
import {
  initialAdapterId,
  initialDevtools,
  initialTheme,
  serverUrl,
  type ThemeChoice,
} from "./settings.js"
import { Toolbar } from "./Toolbar.js"

/** The playground: an adapter picker, a theme switch and the ChatKit-style interface. */
export function App() {
  const [choice, setChoice] = useState(() => findAdapterChoice(initialAdapterId()))
  const [theme, setTheme] = useState<ThemeChoice>(initialTheme)
  const [lastAction, setLastAction] = useState<string>()
  const [devtools, setDevtools] = useState(initialDevtools)
  // One adapter per choice: switching remounts the chat on the new wire. The controller is
  // made here rather than inside ChatInterface so the devtools can read its store.
  const adapter = useMemo(() => choice.create(serverUrl), [choice])
  const controller = useMemo(() => {
    const persist = chatPersistence({ name: `aichatkit-playground:${choice.id}` })
    const store = createChatStore({ persist })
    return createChatController({ adapter, store, connect: false })
  }, [adapter, choice.id])

  useEffect(() => {
    const root = document.documentElement
    if (theme === "system") root.removeAttribute("data-aichatkit-theme")
    else root.setAttribute("data-aichatkit-theme", theme)
  }, [theme])

  const onCardAction = (action: CardAction, card: Card) => {
    setLastAction(`${action.label} on “${card.title ?? card.type}”`)
  }

  const chat = (
    <ChatInterface
      key={choice.id}
      controller={controller}
      inputPlaceholder="Ask something — try “tool”, “approve”, “location”, “card”, “chart”, “fail”, “error” or “slow”"
      onCardAction={onCardAction}
      tools={playgroundTools}
    />
  )

  return (
    <div className="playground">
      <Toolbar
        choice={choice}
        onChoice={setChoice}
        theme={theme}
        onTheme={setTheme}
        devtools={devtools}
        onDevtools={setDevtools}
        lastAction={lastAction}
      />
      <main className="playground-chat">
        {/* With the devtools on, a Profiler counts the chat's commits for their run summary;
            off, the chat renders without it (no overhead). Its state lives in the controller. */}
        {devtools ? (
          <Profiler id="chat" onRender={countChatCommit}>
            {chat}
          </Profiler>
        ) : (
          chat
        )}
      </main>
      {devtools ? (
        <Suspense fallback={null}>
          <LazyChatDevtools
            key={choice.id}
            adapter={adapter}
            store={controller.store}
            defaultOpen
          />
        </Suspense>
      ) : null}
    </div>
  )
}
