/**
 * What the scripted agent says: the texts of each scenario and the keyword that picks it.
 * Plain data, so the demo server and the tests read the same script.
 */

/** The kinds of turn the scripted agent can play. */
export type ScenarioName =
  | "answer"
  | "tool"
  | "fail"
  | "card"
  | "error"
  | "slow"
  | "approve"
  | "browser-tool"
  | "chart"

/**
 * Keywords in the user's message and the scenario each triggers, checked in this order
 * (so "fail" wins over "tool" in "make the tool fail").
 */
export const SCENARIO_KEYWORDS: ReadonlyArray<readonly [keyword: string, scenario: ScenarioName]> =
  [
    ["error", "error"],
    ["slow", "slow"],
    ["fail", "fail"],
    ["approve", "approve"],
    ["location", "browser-tool"],
    ["tool", "tool"],
    ["card", "card"],
    ["chart", "chart"],
  ]

/** The scenario a user message triggers: the first keyword it contains, else "answer". */
export function scenarioFor(message: string): ScenarioName {
  const text = message.toLowerCase()
  for (const [keyword, scenario] of SCENARIO_KEYWORDS) {
    if (text.includes(keyword)) return scenario
  }
  return "answer"
}

/** A file of a user's message as the agent is told of it: its name and media type. */
export interface MessageFile {
  name: string
  mediaType: string
}

/**
 * What the agent says of the files of a message, so a test sees they reached it: their names
 * and media types, and, when no text came with them, a question back (with text, the text's
 * own answer follows). Names come from the wire: escaped so they show as typed, never as markup.
 */
export function filesAnswer(
  files: readonly MessageFile[],
  options: { withText?: boolean } = {},
): string {
  const count = files.length === 1 ? "1 file" : `${files.length} files`
  const listed = files
    .map((file) => `**${plainMarkdown(file.name)}** (${plainMarkdown(file.mediaType)})`)
    .join(", ")
  const received = `I received ${count}: ${listed}.`
  if (options.withText === true) return received
  return `${received} Tell me what you would like to know about ${files.length === 1 ? "it" : "them"}.`
}

/** Text shown as typed inside markdown: the characters that would start markup escaped, one line. */
function plainMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>~|]/g, "\\$&").replace(/\s+/g, " ")
}

/** The default answer: every markdown construct the message renderer has to handle. */
export const MARKDOWN_ANSWER = `## Here is what I found

The scripted agent answers **every message** the same way, so tests and stories can rely on it. Call \`adapter.sendMessage()\` and watch the tokens arrive.

- Messages stream token by token
- Tool calls report their progress
- Cards carry buttons and links

\`\`\`ts
const response = await adapter.sendMessage(agentId, "hello")
console.log(response.items.length)
\`\`\`

Read more in the [aichatkit README](https://github.com/aichatkit/aichatkit#readme).`

/** The city the weather tool is asked about. */
export const WEATHER_CITY = "Oslo"

/**
 * The one weather the demo agent knows: its tool's result, the sentence after it and its card
 * all say this, so a conversation never reports two temperatures.
 */
export const WEATHER_REPORT = Object.freeze({
  city: WEATHER_CITY,
  temperatureC: 7,
  condition: "Light rain",
})

/** The text after a weather tool call completes. */
export function weatherSummary(temperatureC: number = WEATHER_REPORT.temperatureC): string {
  return `It is **${temperatureC} °C** with light rain in ${WEATHER_CITY} right now. Take an umbrella.`
}

/** Why the failing tool call failed: a sentence a person can act on. */
export const TOOL_FAILURE_MESSAGE =
  "The weather service did not answer within 5 seconds; try again in a minute."

/** The text after a tool call fails. */
export const TOOL_FAILURE_SUMMARY =
  "I could not get the weather: the weather service is not answering. Ask me again in a minute."

/** The text before the weather card. */
export const CARD_INTRO = `Here is the weather in ${WEATHER_CITY} as a card.`

/** The link the weather card's link action opens. */
export const FORECAST_URL = "https://example.com/forecast/oslo"

/** The error an "error" turn fails with. */
export const ERROR_TURN_MESSAGE =
  "The agent failed while answering (a scripted failure: the message asked for an error). Send the message again to retry."

/** The long answer of a "slow" turn: long enough to cancel half-way. */
export const SLOW_ANSWER = [
  "This answer arrives slowly on purpose, one small token at a time, so there is time to press **Stop** while it streams.",
  "Cancelling a run closes the message where it stopped: the text received so far stays, and the turn is marked as cancelled.",
  "A real agent may think for a long time before each sentence; the interface has to stay responsive all the while, and the composer has to offer a way out.",
  "If you are still reading this, the run has not been cancelled yet. The scripted agent will keep going until the whole answer has been sent.",
].join("\n\n")

/** The text before the weather tool call that asks for approval ("approve"). */
export const APPROVAL_INTRO = `To answer I need to look up the weather in ${WEATHER_CITY}. Approve the call below and I will.`

/** The text after the user denied the weather tool call. */
export const APPROVAL_DENIED_SUMMARY =
  "All right, I did not look up the weather. Ask me again whenever you like."

/** The browser tool the "location" scenario calls: the page implements it (`tools` on ChatView). */
export const BROWSER_TOOL_NAME = "getLocation"

/** The text before the browser tool call. */
export const BROWSER_TOOL_INTRO = "I will ask your browser where you are."

/** The text after the browser tool answered: where it said the user is. */
export function browserToolSummary(output: unknown): string {
  const city = readCity(output)
  return city === undefined
    ? "Your browser answered, but without a city I can read."
    : `Your browser says you are in **${city}**.`
}

/** The text after the browser tool failed. */
export function browserToolFailure(error: string): string {
  return `Your browser could not tell me where you are (${error}).`
}

function readCity(output: unknown): string | undefined {
  if (typeof output === "string") return output
  if (typeof output !== "object" || output === null || !Object.hasOwn(output, "city"))
    return undefined
  const city = (output as { city: unknown }).city
  return typeof city === "string" ? city : undefined
}
