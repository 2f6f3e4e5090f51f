/** The channel events between devtools-preview.ts (the story) and manager.tsx (the panel). */
export const DEVTOOLS_LINES = "aichatkit-devtools/lines"
export const DEVTOOLS_RESET = "aichatkit-devtools/reset"

/** One line of the panel: plain text only. */
export interface DevtoolsLine {
  sequence: number
  at: string
  type: string
  agent: string
  text: string
}
