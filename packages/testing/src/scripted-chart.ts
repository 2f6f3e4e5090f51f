/**
 * The "chart" turn: a short text, then a generated chart the agent sends as a file (an SVG
 * image as a `data:` URL), so every wire shows an agent-sent image without a model.
 */
import type { Attachment, ChatEvent } from "@aichatkit/types"
import { WEATHER_CITY } from "./script.js"
import { streamMessage, type Turn } from "./scripted-turn.js"

/** The text before the chart. */
export const CHART_INTRO = `Here is the temperature in ${WEATHER_CITY} this week as a chart.`

/** The chart's file name. */
export const CHART_NAME = "oslo-temperatures.svg"

/** The temperatures the chart shows, Monday to Sunday (°C). */
const WEEK = [4, 6, 7, 5, 8, 9, 7] as const

/**
 * The chart: an SVG bar chart, small (about 1 KB) and the same every time; 4:3 (240×180),
 * the shape of the UI's image thumbnails, so none of it is cropped there.
 */
export function chartSvg(): string {
  const bars = WEEK.map((celsius, day) => {
    const height = celsius * 15
    return `<rect x="${14 + day * 32}" y="${160 - height}" width="22" height="${height}" fill="#3b82f6"/>`
  }).join("")
  return (
    '<svg xmlns="http://www.w3.org/2000/svg" width="240" height="180" viewBox="0 0 240 180">' +
    `<rect width="240" height="180" fill="#f8fafc"/>${bars}` +
    '<line x1="8" y1="160" x2="232" y2="160" stroke="#334155"/></svg>'
  )
}

/** The chart as the agent sends it: `data:image/svg+xml;base64,…`. */
export function chartAttachment(id: string): Attachment {
  const svg = chartSvg()
  // The SVG is ASCII, so btoa (in browsers and Node alike) encodes it as it is.
  const base64 = btoa(svg)
  return {
    id,
    name: CHART_NAME,
    mediaType: "image/svg+xml",
    size: svg.length,
    url: `data:image/svg+xml;base64,${base64}`,
  }
}

/** The intro, then the chart as a message of its own whose only content is the image. */
export async function* showChart(turn: Turn, tokenDelayMs: number): AsyncGenerator<ChatEvent> {
  yield* streamMessage(turn, CHART_INTRO, tokenDelayMs)
  await turn.pause(tokenDelayMs)
  const id = turn.newId("chart")
  yield {
    type: "item-added",
    ...turn.scope,
    item: {
      id,
      type: "message",
      role: "assistant",
      content: "",
      timestamp: turn.timestamp(),
      attachments: [chartAttachment(`${id}-0`)],
    },
  }
  yield { type: "item-done", ...turn.scope, itemId: id }
}
