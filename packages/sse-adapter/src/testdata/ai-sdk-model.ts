/**
 * What the AI SDK tests' `ai/test` models share: the usage they report, the parts they stream,
 * and the weather tool that asks for approval.
 */
import { tool } from "ai"
import type { MockLanguageModelV3 } from "ai/test"
import { z } from "zod"

export const usage = {
  inputTokens: { total: 3, noCache: 3, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 5, text: 5, reasoning: undefined },
}

/** One part of a model's stream, as `doStream` returns them. */
export type StreamPart =
  Awaited<ReturnType<MockLanguageModelV3["doStream"]>>["stream"] extends ReadableStream<infer Part>
    ? Part
    : never

/** The weather in a city, run once the user approves (`needsApproval`). */
export const approvedWeather = tool({
  description: "The weather in a city (asks the user first)",
  inputSchema: z.object({ city: z.string() }),
  needsApproval: true,
  execute: async ({ city }) => ({ city, temperatureC: 12 }),
})
