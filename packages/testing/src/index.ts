export { type CreateItemsOptions, createItems, createReplyTokens } from "./fixtures.js"
export { ItemAccumulator } from "./item-accumulator.js"
export {
  MemoryAdapter,
  type MemoryAdapterOptions,
  type RecordedCardAction,
} from "./memory-adapter.js"
export type { RecordedFeedback } from "./memory-history.js"
export { createRandom, type Random } from "./random.js"
export { ReplayAdapter, type ReplayAdapterOptions } from "./replay-adapter.js"
export {
  BROWSER_TOOL_NAME,
  FORECAST_URL,
  filesAnswer,
  MARKDOWN_ANSWER,
  type MessageFile,
  SCENARIO_KEYWORDS,
  type ScenarioName,
  scenarioFor,
} from "./script.js"
export {
  createScriptedAgent,
  cutIntoTokens,
  type RespondInput,
  type ScriptedAgent,
  type ScriptedAgentOptions,
  type ToolAnswerInput,
} from "./scripted-agent.js"
export { CHART_INTRO, CHART_NAME, chartAttachment, chartSvg } from "./scripted-chart.js"
export {
  SeedStyleMemoryAdapter,
  type SeedStyleMemoryAdapterOptions,
} from "./seed-style-memory-adapter.js"
export {
  type HeardAudio,
  type SpokenAnswerInput,
  spokenAnswer,
  toneWav,
  voiceTranscript,
} from "./voice-answer.js"
