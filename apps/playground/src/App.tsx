import type { Card, CardAction } from "@aichatkit/types"
import { ChatInterface } from "@aichatkit/ui"
import { useEffect, useMemo, useState } from "react"
import { adapterChoices, findAdapterChoice } from "./adapters.js"
import {
  initialAdapterId,
  initialTheme,
  rememberAdapterId,
  rememberTheme,
  serverUrl,
  type ThemeChoice,
} from "./settings.js"

/** The playground: an adapter picker, a theme switch and the ChatKit-style interface. */
export function App() {
  const [choice, setChoice] = useState(() => findAdapterChoice(initialAdapterId()))
  const [theme, setTheme] = useState<ThemeChoice>(initialTheme)
  const [lastAction, setLastAction] = useState<string>()
  // One adapter per choice: switching remounts the chat on the new wire.
  const adapter = useMemo(() => choice.create(serverUrl), [choice])

  useEffect(() => {
    const root = document.documentElement
    if (theme === "system") root.removeAttribute("data-aichatkit-theme")
    else root.setAttribute("data-aichatkit-theme", theme)
  }, [theme])

  const onCardAction = (action: CardAction, card: Card) => {
    setLastAction(`${action.label} on “${card.title ?? card.type}”`)
  }

  return (
    <div className="playground">
      <header className="playground-toolbar">
        <strong>aichatkit playground</strong>
        <label>
          Adapter{" "}
          <select
            value={choice.id}
            onChange={(event) => {
              const next = findAdapterChoice(event.target.value)
              rememberAdapterId(next.id)
              setChoice(next)
            }}
          >
            {adapterChoices.map(({ id, label }) => (
              <option key={id} value={id}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Theme{" "}
          <select
            value={theme}
            onChange={(event) => {
              const next = event.target.value as ThemeChoice
              rememberTheme(next)
              setTheme(next)
            }}
          >
            <option value="system">System</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
        </label>
        <span className="playground-hint">{choice.describe(serverUrl)}</span>
        <output className="playground-action" aria-live="polite">
          {lastAction ? `Card action: ${lastAction}` : ""}
        </output>
      </header>
      <main className="playground-chat">
        <ChatInterface
          key={choice.id}
          networkAdapter={adapter}
          persist={{ name: `aichatkit-playground:${choice.id}` }}
          inputPlaceholder="Ask something — try “tool”, “card”, “fail”, “error” or “slow”"
          onCardAction={onCardAction}
        />
      </main>
    </div>
  )
}
