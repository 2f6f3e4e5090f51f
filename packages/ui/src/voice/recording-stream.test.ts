// @vitest-environment node
import { describe, expect, it } from "vitest"
import { createRecordingStream } from "./recording-stream.js"

const bytes = (text: string) => new TextEncoder().encode(text).buffer
const text = (chunk: ArrayBuffer) => new TextDecoder().decode(chunk)

describe("createRecordingStream", () => {
  it("hands over the chunks in order as they are pushed, and ends after the last", async () => {
    let abandoned = 0
    const stream = createRecordingStream(() => abandoned++)
    const seen: string[] = []
    const reading = (async () => {
      for await (const chunk of stream.chunks) seen.push(text(chunk))
    })()
    stream.push(bytes("one"))
    stream.push(bytes("two"))
    stream.end()
    stream.push(bytes("after the end"))
    await reading
    expect(seen).toEqual(["one", "two"])
    expect(stream.pushed).toBe(2)
    expect(abandoned).toBe(0)
  })

  it("says when the reader stops before the end (the turn was cancelled or failed)", async () => {
    let abandoned = 0
    const stream = createRecordingStream(() => abandoned++)
    stream.push(bytes("one"))
    for await (const _chunk of stream.chunks) break
    expect(abandoned).toBe(1)
  })
})
