import type { ChatEvent } from "@aichatkit/types"
import { chatResponseItemProblem, isRenderableAttachmentUrl } from "@aichatkit/types"
import { describe, expect, it } from "vitest"
import { ItemAccumulator } from "./item-accumulator.js"
import { scenarioFor } from "./script.js"
import { createScriptedAgent } from "./scripted-agent.js"
import { CHART_INTRO, CHART_NAME, chartSvg } from "./scripted-chart.js"

describe("the chart turn", () => {
  it("is what a message asking for a chart plays (and a card stays a card)", () => {
    expect(scenarioFor("draw me a chart")).toBe("chart")
    expect(scenarioFor("show me a card")).toBe("card")
  })

  it("streams its intro, then a message whose only content is the SVG chart", async () => {
    const agent = createScriptedAgent({ tokenDelayMs: 0 })
    const fold = new ItemAccumulator()
    const events: ChatEvent[] = []
    for await (const event of agent.respond({ agentId: "a", message: "a chart please" })) {
      events.push(event)
      fold.apply(event)
    }
    const [intro, chart] = fold.items()
    expect(intro).toMatchObject({ type: "message", content: CHART_INTRO })
    expect(chart).toMatchObject({
      type: "message",
      role: "assistant",
      content: "",
      attachments: [{ name: CHART_NAME, mediaType: "image/svg+xml", size: chartSvg().length }],
    })
    expect(chatResponseItemProblem(chart)).toBeUndefined()
    const url = chart?.type === "message" ? (chart.attachments?.[0]?.url ?? "") : ""
    expect(isRenderableAttachmentUrl(url)).toBe(true)
    expect(atob(url.slice(url.indexOf(",") + 1))).toBe(chartSvg())
    expect(events.at(-1)).toMatchObject({ type: "run-finished", status: "ok" })
  })
})
