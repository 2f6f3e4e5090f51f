/**
 * The playground's settings come from the URL first (so tests and shared links can pin them),
 * then from what the user last picked.
 */
const DEFAULT_SERVER_URL = "http://127.0.0.1:8787"
const ADAPTER_KEY = "aichatkit-playground:adapter"
const THEME_KEY = "aichatkit-playground:theme"
const DEVTOOLS_KEY = "aichatkit-playground:devtools"

export type ThemeChoice = "system" | "light" | "dark"

const params = new URLSearchParams(window.location.search)

/** The demo server's origin: `?server=`, else `VITE_DEMO_SERVER_URL`, else port 8787 on loopback. */
export const serverUrl: string =
  params.get("server") ?? import.meta.env.VITE_DEMO_SERVER_URL ?? DEFAULT_SERVER_URL

function readStorage(key: string): string | null {
  try {
    return window.localStorage.getItem(key)
  } catch {
    return null
  }
}

function writeStorage(key: string, value: string): void {
  try {
    window.localStorage.setItem(key, value)
  } catch {
    // Private mode or a full quota: the choice just isn't remembered.
  }
}

export function initialAdapterId(): string | null {
  return params.get("adapter") ?? readStorage(ADAPTER_KEY)
}

export function rememberAdapterId(id: string): void {
  writeStorage(ADAPTER_KEY, id)
}

export function initialTheme(): ThemeChoice {
  const value = params.get("theme") ?? readStorage(THEME_KEY)
  return value === "light" || value === "dark" ? value : "system"
}

export function rememberTheme(theme: ThemeChoice): void {
  writeStorage(THEME_KEY, theme)
}

/** Whether the devtools are open: `?devtools=1`, else what the user last picked. */
export function initialDevtools(): boolean {
  return (params.get("devtools") ?? readStorage(DEVTOOLS_KEY)) === "1"
}

export function rememberDevtools(open: boolean): void {
  writeStorage(DEVTOOLS_KEY, open ? "1" : "0")
}
