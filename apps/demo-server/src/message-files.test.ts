import { describe, expect, it } from "vitest"
import {
  attachmentsTooLarge,
  MAX_FILE_FIELD_LENGTH,
  MAX_FILES,
  type MediaTypeField,
  messageFiles,
} from "./message-files.js"

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

describe("attachmentsTooLarge", () => {
  const file = { name: "a.png", mime: "image/png", url: "http://127.0.0.1/a" }
  const long = "x".repeat(MAX_FILE_FIELD_LENGTH + 1)
  it.each<[string, unknown, RegExp | undefined]>([
    ["as many files as allowed", Array.from({ length: MAX_FILES }, () => file), undefined],
    ["one file more", Array.from({ length: MAX_FILES + 1 }, () => file), /at most 20 files/],
    ["a link too long", [{ ...file, url: long }], /longer than 4096/],
    ["a name too long", [{ ...file, name: long }], /longer than 4096/],
    ["a media type too long", [{ ...file, mime: long }], /longer than 4096/],
    ["a file's bytes, which the wire's message limit bounds", [{ ...file, data: long }], undefined],
    ["entries that are no file, which are left out", Array(MAX_FILES + 1).fill(null), undefined],
  ])("reads %s", (_, attachments, expected) => {
    const problem = attachmentsTooLarge(attachments, "mime")
    if (expected === undefined) expect(problem).toBeUndefined()
    else expect(problem).toMatch(expected)
  })
})
