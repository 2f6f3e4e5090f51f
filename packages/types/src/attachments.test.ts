import { describe, expect, it } from "vitest"
import {
  attachmentProblem,
  formatBytes,
  isImageAttachment,
  isRenderableAttachmentUrl,
} from "./attachments.js"
import { chatResponseItemProblem } from "./validate.js"

const image = { id: "a1", name: "chart.png", mediaType: "image/png", size: 120, url: "blob:x" }
const message = {
  id: "m1",
  type: "message",
  content: "",
  role: "assistant",
  timestamp: "2026-01-01T00:00:00Z",
}

describe("attachments on a message item", () => {
  it("accepts a message with attachments, and one without", () => {
    expect(chatResponseItemProblem({ ...message, attachments: [image] })).toBeUndefined()
    expect(chatResponseItemProblem(message)).toBeUndefined()
  })

  it.each([
    [{ ...message, attachments: image }, "attachments is not an array"],
    [{ ...message, attachments: [null] }, "an attachment is not an object"],
    [{ ...message, attachments: [{ ...image, url: 3 }] }, "an attachment's url is not a string"],
    [
      { ...message, attachments: [{ ...image, size: -1 }] },
      "an attachment's size is not a number of bytes",
    ],
    [
      { ...message, attachments: [{ ...image, name: { html: "<b>" } }] },
      "an attachment's name is not a string",
    ],
    [{ ...message, attachments: [{ ...image, id: "" }] }, "an attachment's id is not a string"],
  ])("names the problem of %j", (value, problem) => {
    expect(chatResponseItemProblem(value)).toBe(problem)
  })

  it("checks one attachment alone", () => {
    expect(attachmentProblem(image)).toBeUndefined()
    expect(attachmentProblem({ ...image, mediaType: undefined })).toBe(
      "an attachment's mediaType is not a string",
    )
  })
})

describe("isRenderableAttachmentUrl", () => {
  it.each([
    ["blob:http://localhost/1", true],
    ["https://cdn.example/a.png", true],
    ["HTTP://cdn.example/a.png", true],
    ["data:image/png;base64,AAAA", true],
    ["data:image/svg+xml;base64,PHN2Zz4=", true],
    ["data:text/html,<script>alert(1)</script>", false],
    ["javascript:alert(1)", false],
    [" javascript:alert(1)", false],
    ["file:///etc/passwd", false],
    ["s3://bucket/key", false],
    ["", false],
  ])("%s → %s", (url, expected) => {
    expect(isRenderableAttachmentUrl(url)).toBe(expected)
  })

  it("tells images by media type", () => {
    expect(isImageAttachment({ mediaType: "IMAGE/PNG" })).toBe(true)
    expect(isImageAttachment({ mediaType: "application/pdf" })).toBe(false)
  })
})

describe("formatBytes", () => {
  it("reads a size as people do, in the largest unit under 1024", () => {
    expect([formatBytes(500), formatBytes(2048), formatBytes(25 * 1024 * 1024)]).toEqual([
      "500 B",
      "2.0 KB",
      "25 MB",
    ])
  })
})
