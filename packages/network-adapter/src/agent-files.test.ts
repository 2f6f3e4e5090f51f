import type { ChatResponseItem } from "@aichatkit/types"
import { describe, expect, it } from "vitest"
import { agentFileUrlProblem, keepAgentFiles, receivedAttachment } from "./agent-files.js"

const png = "iVBORw0KGgo="

describe("agent files", () => {
  it("keeps http(s), data: images and references the app resolves", () => {
    expect(agentFileUrlProblem("https://example.com/chart.png")).toBeUndefined()
    expect(agentFileUrlProblem(`data:image/png;base64,${png}`)).toBeUndefined()
    expect(agentFileUrlProblem("data:image/svg+xml,%3Csvg%2F%3E")).toBeUndefined()
    expect(agentFileUrlProblem("s3://bucket/report.pdf")).toBeUndefined()
  })

  it("refuses script schemes, inline non-images and oversized data", () => {
    expect(agentFileUrlProblem("javascript:alert(1)")).toBe("its URL runs a script")
    expect(agentFileUrlProblem(" JavaScript:alert(1)")).toBe("its URL runs a script")
    expect(agentFileUrlProblem("data:text/html,<script>alert(1)</script>")).toMatch(/not an image/)
    expect(agentFileUrlProblem(`data:image/png;base64,${"A".repeat(200)}`, 100)).toMatch(
      /150 bytes, over the 100 byte limit/,
    )
  })

  it("turns inline base64 into a data URL and keeps a marked-up name as text", () => {
    const attachment = receivedAttachment("f1", {
      name: "<img src=x onerror=alert(1)>.png",
      mediaType: "image/png",
      data: png,
      size: 8,
    })
    expect(attachment).toEqual({
      id: "f1",
      name: "<img src=x onerror=alert(1)>.png",
      mediaType: "image/png",
      url: `data:image/png;base64,${png}`,
      size: 8,
    })
  })

  it("refuses files without a media type, with data that is not base64 or too large", () => {
    expect(receivedAttachment("f", { url: "https://x.test/a" })).toEqual({
      problem: "it has no media type",
    })
    expect(receivedAttachment("f", { mediaType: "image/png", data: "<b>" })).toEqual({
      problem: "its data is not base64",
    })
    expect(receivedAttachment("f", { mediaType: "image/png", data: "A".repeat(400) }, 100)).toEqual(
      { problem: "it is 300 bytes, over the 100 byte limit" },
    )
    expect(receivedAttachment("f", { mediaType: "text/html", data: png })).toEqual({
      problem: "its data: URL is not an image (only images may come inline)",
    })
  })

  it("leaves out an item's bad files and says which", () => {
    const good = { id: "a", name: "ok.png", mediaType: "image/png", url: "https://x.test/ok.png" }
    const item: ChatResponseItem = {
      id: "m",
      type: "message",
      role: "assistant",
      content: "Here",
      timestamp: "2026-01-01T00:00:00.000Z",
      attachments: [
        good,
        { id: "b", name: "bad", mediaType: "text/html", url: "javascript:alert(1)" },
      ],
    }
    const { item: kept, problems } = keepAgentFiles(item)
    expect(kept).toEqual({ ...item, attachments: [good] })
    expect(problems).toEqual(['The agent\'s file "bad" was left out: its URL runs a script.'])
    expect(keepAgentFiles({ ...item, attachments: [good] }).problems).toEqual([])
  })
})
