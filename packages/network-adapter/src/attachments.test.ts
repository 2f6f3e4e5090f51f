import { ChatError } from "@aichatkit/types"
import { describe, expect, it } from "vitest"
import { attachmentBytes, bytesToBase64, prepareAttachments } from "./attachments.js"
import { mergeAddedItem, mergeAttachments } from "./item-rules.js"

/** A Blob that says it holds 2 GB without allocating them. */
class HugeBlob extends Blob {
  override get size(): number {
    return 2 * 1024 ** 3
  }
}

describe("prepareAttachments", () => {
  it("inlines bytes as a data URL and keeps links and data URLs as they are", async () => {
    const prepared = await prepareAttachments([
      {
        name: "a.bin",
        mediaType: "application/octet-stream",
        data: new Uint8Array([1, 2, 255]).buffer,
      },
      { name: "b.txt", mediaType: "text/plain", data: new Blob(["hi"], { type: "text/plain" }) },
      { name: "c.png", mediaType: "image/png", data: "data:image/png;base64,iVBO" },
      { name: "d.pdf", mediaType: "application/pdf", url: "https://files.example/d.pdf" },
    ])
    expect(prepared.map(({ name, url, size }) => ({ name, url, size }))).toEqual([
      { name: "a.bin", url: "data:application/octet-stream;base64,AQL/", size: 3 },
      { name: "b.txt", url: "data:text/plain;base64,aGk=", size: 2 },
      { name: "c.png", url: "data:image/png;base64,iVBO", size: 3 },
      { name: "d.pdf", url: "https://files.example/d.pdf", size: undefined },
    ])
    expect(new Set(prepared.map((attachment) => attachment.id)).size).toBe(4)
  })

  it("refuses a 2 GB file with PAYLOAD_TOO_LARGE naming it, before reading anything", async () => {
    const file = { name: "film.mov", mediaType: "video/quicktime", data: new HugeBlob([]) }
    await expect(prepareAttachments([file])).rejects.toMatchObject({
      code: "PAYLOAD_TOO_LARGE",
      message: '"film.mov" is 2.0 GB; files up to 20 MB can be sent.',
    })
  })

  it("hands each file to the app's upload and sends its URL", async () => {
    const uploaded: string[] = []
    const prepared = await prepareAttachments(
      [{ name: "a.png", mediaType: "image/png", data: new Blob(["x"]) }],
      {
        upload: async (file) => {
          uploaded.push(file.name)
          return "https://store.example/a.png?sig=1"
        },
      },
    )
    expect(uploaded).toEqual(["a.png"])
    expect(prepared[0]?.url).toBe("https://store.example/a.png?sig=1")
  })

  it("hands the upload the turn's signal and a progress callback, and reports it by file index", async () => {
    const abort = new AbortController()
    const signals: (AbortSignal | undefined)[] = []
    const progress: unknown[] = []
    await prepareAttachments(
      [
        { name: "a.pdf", mediaType: "application/pdf", url: "https://files.example/a.pdf" },
        { name: "b.bin", mediaType: "application/octet-stream", data: new Blob(["12345678"]) },
      ],
      {
        signal: abort.signal,
        onProgress: (report) => progress.push(report),
        upload: async (_file, { signal, onProgress }) => {
          signals.push(signal)
          onProgress(3, 10)
          // Numbers an app got wrong never reach the UI.
          onProgress(Number.NaN, 10)
          onProgress(4, 0)
          onProgress(12, 10)
          return "https://files.example/b.bin"
        },
      },
    )
    expect(signals).toEqual([abort.signal])
    expect(progress).toEqual([
      { index: 1, loaded: 3, total: 10 },
      { index: 1, loaded: 10, total: 10 },
      // The end of the upload, in the file's own bytes, whatever the app reported.
      { index: 1, loaded: 8, total: 8 },
    ])
  })

  it("makes a dropped upload a retryable CONNECTION_FAILED naming the file", async () => {
    const dropped = new TypeError("Failed to fetch")
    await expect(
      prepareAttachments([{ name: "a.png", mediaType: "image/png", data: "data:,x" }], {
        upload: () => Promise.reject(dropped),
      }),
    ).rejects.toMatchObject({
      code: "CONNECTION_FAILED",
      retryable: true,
      message: '"a.png" could not be uploaded: Failed to fetch',
    })
  })

  it("keeps a ChatError the upload throws (a server's refusal), and refuses an upload without a URL", async () => {
    const refusal = new ChatError("PAYLOAD_TOO_LARGE", "The storage takes files up to 10 MB.")
    const file = { name: "a.png", mediaType: "image/png", data: "data:,x" }
    await expect(
      prepareAttachments([file], { upload: () => Promise.reject(refusal) }),
    ).rejects.toBe(refusal)
    await expect(prepareAttachments([file], { upload: async () => "" })).rejects.toMatchObject({
      code: "INVALID_INPUT",
    })
  })
})

describe("bytes helpers", () => {
  it("encodes base64 across chunk boundaries", () => {
    const bytes = new Uint8Array(0x8000 * 2 + 5).map((_, index) => index % 256)
    expect(bytesToBase64(bytes)).toBe(Buffer.from(bytes).toString("base64"))
  })

  it("reads the bytes of a base64 and a plain data URL", async () => {
    const name = "x"
    const mediaType = "text/plain"
    expect(await attachmentBytes({ name, mediaType, data: "data:text/plain;base64,aGk=" })).toEqual(
      new Uint8Array([104, 105]),
    )
    expect(await attachmentBytes({ name, mediaType, data: "data:,h%69" })).toEqual(
      new Uint8Array([104, 105]),
    )
  })
})

describe("mergeAddedItem with attachments", () => {
  const base = {
    id: "u1",
    type: "message" as const,
    role: "user" as const,
    content: "Look",
    timestamp: "T",
  }
  const files = [{ id: "a", name: "a.png", mediaType: "image/png", url: "blob:x" }]

  it("keeps the files when the same message arrives again without them", () => {
    expect(mergeAddedItem({ ...base, attachments: files }, base)?.item).toEqual({
      ...base,
      attachments: files,
    })
  })

  it("takes the new files when the copy has its own", () => {
    const server = [{ ...files[0], url: "https://x/a.png" }] as typeof files
    expect(
      mergeAddedItem({ ...base, attachments: files }, { ...base, attachments: server })?.item,
    ).toEqual({ ...base, attachments: server })
  })
})

describe("mergeAttachments", () => {
  const local = { id: "l", name: "r.pdf", mediaType: "application/pdf", url: "blob:http://x/1" }
  const echoed = {
    id: "s",
    name: "r.pdf",
    mediaType: "application/pdf",
    url: "data:application/pdf;base64,JVBE",
  }

  it("keeps the blob: URL of a file whose copy cannot render (a data: PDF)", () => {
    expect(mergeAttachments([local], [echoed])).toEqual([{ ...echoed, url: local.url }])
  })

  it("takes the copy's URL when it renders, and its own when no file of that name is here", () => {
    const linked = { ...echoed, url: "https://x/r.pdf" }
    expect(mergeAttachments([local], [linked])).toEqual([linked])
    expect(mergeAttachments([{ ...local, name: "other.pdf" }], [echoed])).toEqual([echoed])
    expect(mergeAttachments(undefined, undefined)).toBeUndefined()
  })
})
