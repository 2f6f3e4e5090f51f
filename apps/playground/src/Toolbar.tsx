/** The playground's toolbar: the adapter picker, the theme, the devtools switch, the last card action. */
import { type AdapterChoice, adapterChoices, findAdapterChoice } from "./adapters.js"
import {
  rememberAdapterId,
  rememberDevtools,
  rememberTheme,
  serverUrl,
  type ThemeChoice,
} from "./settings.js"

export interface ToolbarProps {
  /** The adapter in use. */
  choice: AdapterChoice
  /** Called with the adapter picked (already remembered). */
  onChoice: (choice: AdapterChoice) => void
  /** The theme in use. */
  theme: ThemeChoice
  /** Called with the theme picked (already remembered). */
  onTheme: (theme: ThemeChoice) => void
  /** Whether the devtools show. */
  devtools: boolean
  /** Called when the devtools are switched (already remembered). */
  onDevtools: (on: boolean) => void
  /** The last card action, said in words. */
  lastAction: string | undefined
}

export function Toolbar({
  choice,
  onChoice,
  theme,
  onTheme,
  devtools,
  onDevtools,
  lastAction,
}: ToolbarProps) {
  return (
    <header className="playground-toolbar">
      <strong>aichatkit playground</strong>
      <label>
        Adapter{" "}
        <select
          value={choice.id}
          onChange={(event) => {
            const next = findAdapterChoice(event.target.value)
            rememberAdapterId(next.id)
            onChoice(next)
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
            onTheme(next)
          }}
        >
          <option value="system">System</option>
          <option value="light">Light</option>
          <option value="dark">Dark</option>
        </select>
      </label>
      <label>
        <input
          type="checkbox"
          checked={devtools}
          onChange={(event) => {
            rememberDevtools(event.target.checked)
            onDevtools(event.target.checked)
          }}
        />{" "}
        Devtools
      </label>
      <span className="playground-hint">{choice.describe(serverUrl)}</span>
      <output className="playground-action" aria-live="polite">
        {lastAction ? `Card action: ${lastAction}` : ""}
      </output>
    </header>
  )
}
