import { describe, expect, it } from "vitest"
import { type MediaTypeField, messageFiles } from "./message-files.js"

describe("messageFiles", () => {
  it.each<[string, unknown, MediaTypeField, unknown]>([
    [
      "HAIP's files",
      [{ name: "a.png", mime: "image/png", data: "iVBO" }],
      "mime",
      [{ name: "a.png", mediaType: "image/png" }],
    ],
    [
      "Haira's files",
      [{ name: "b.pdf", media_type: "application/pdf", url: "http://x/b" }],
      "media_type",
      [{ name: "b.pdf", mediaType: "application/pdf" }],
    ],
    [
      "one file alone",
      { name: "c.txt", mime: "text/plain" },
      "mime",
      [{ name: "c.txt", mediaType: "text/plain" }],
    ],
    [
      "a file without a media type",
      [{ name: "d" }],
      "mime",
      [{ name: "d", mediaType: "application/octet-stream" }],
    ],
    [
      "the other wire's field",
      [{ name: "e.png", mime: "image/png" }],
      "media_type",
      [{ name: "e.png", mediaType: "application/octet-stream" }],
    ],
    ["entries that are no file", [null, "f.png", 3, { name: 4 }, { name: " " }, {}], "mime", []],
    ["no files", undefined, "mime", []],
    ["a name only inherited", [Object.create({ name: "g.png" })], "mime", []],
    ["a wire's __proto__ key", [JSON.parse('{"__proto__": {"name": "h.png"}}')], "mime", []],
  ])("reads %s", (_, attachments, field, expected) => {
    expect(messageFiles(attachments, field)).toEqual(expected)
  })
})
