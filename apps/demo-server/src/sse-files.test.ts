/**
 * A user's files on the Haira wire of the real demo server: uploaded to /uploads, their links
 * sent as the body's `attachments` (`{ name, media_type, url }`, the SSE adapter's Haira
 * request), and the answer names them, streamed and in the JSON fallback; the stored chat keeps
 * them with the user's message, so a reloaded conversation shows them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { createDemoServer, type DemoServer } from "./server.js"

let server: DemoServer

beforeAll(async () => {
  server = await createDemoServer({ tokenDelayMs: 0 })
})

afterAll(async () => {
  await server.close()
})

/** Stores a file in the demo server's /uploads, as the playground does: its link. */
async function upload(name: string, mediaType: string, body: string) {
  const stored = await fetch(`${server.url}/uploads?name=${encodeURIComponent(name)}`, {
    method: "POST",
    headers: { "Content-Type": mediaType },
    body,
  })
  const { url } = (await stored.json()) as { url: string }
  return { name, media_type: mediaType, url }
}

function chat(body: unknown, accept = "text/event-stream") {
  return fetch(`${server.url}/chat`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: accept },
    body: JSON.stringify(body),
  })
}

/** The SSE body's events, by name and data. */
function events(text: string): Array<{ event: string; data: string }> {
  return text
    .split("\n\n")
    .filter((block) => block.includes("event: "))
    .map((block) => ({
      event: block.match(/^event: (.*)$/m)?.[1] ?? "",
      data: block.match(/^data: (.*)$/m)?.[1] ?? "",
    }))
}

const deltas = (stream: Array<{ event: string; data: string }>) =>
  stream
    .filter((frame) => frame.event === "delta")
    .map((frame) => (JSON.parse(frame.data) as { delta: string }).delta)
    .join("")

describe("the demo server's Haira wire: a message of files", () => {
  it("answers files without text by naming them (names and media types)", async () => {
    const files = [
      await upload("red-square.png", "image/png", "png bytes"),
      await upload("itinerary.pdf", "application/pdf", "%PDF-1.4"),
    ]
    const response = await chat({ message: "", session_id: "files-only", attachments: files })
    expect(response.status).toBe(200)
    const stream = events(await response.text())
    expect(deltas(stream)).toBe(
      "I received 2 files: **red-square.png** (image/png), **itinerary.pdf** (application/pdf). Tell me what you would like to know about them.",
    )
    expect(stream.at(-1)).toEqual({ event: "done", data: "[DONE]" })
  })

  it("answers them in the JSON fallback too", async () => {
    const file = await upload("notes.txt", "text/plain", "hello")
    const response = await chat(
      { message: " ", session_id: "files-json", attachments: [file] },
      "application/json",
    )
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({
      reply:
        "I received 1 file: **notes.txt** (text/plain). Tell me what you would like to know about it.",
    })
  })

  it("names the files, then answers the text's keyword", async () => {
    const file = await upload("data.csv", "text/csv", "a,b\n1,2")
    const response = await chat({
      message: "draw me a chart",
      session_id: "files-text",
      attachments: [file],
    })
    const stream = events(await response.text())
    expect(deltas(stream)).toMatch(/^I received 1 file: \*\*data\.csv\*\* \(text\/csv\)\./)
    expect(stream.some((frame) => frame.event === "tool_render")).toBe(true)
  })

  it("still refuses a blank message without files, and leaves out entries that are no file", async () => {
    const blank = await chat({ message: "  ", session_id: "blank", attachments: [] })
    expect(blank.status).toBe(400)
    const notFiles = await chat({
      message: "",
      session_id: "not-files",
      attachments: [{ media_type: "image/png" }, "a.png", null, { name: 7 }],
    })
    expect(notFiles.status).toBe(400)
    expect(await notFiles.json()).toEqual({
      error: 'The body needs a "message" string, not blank unless "attachments" come with it.',
    })
  })

  it("keeps the user's files on the stored chat: on the user's item, and as Haira ui_events", async () => {
    const picture = await upload("red-square.png", "image/png", "png bytes")
    const document = await upload("itinerary.pdf", "application/pdf", "%PDF-1.4")
    const response = await chat({
      message: "what are these?",
      session_id: "files-kept",
      attachments: [picture, document, { name: "no-link.txt", media_type: "text/plain" }],
    })
    expect(events(await response.text()).at(-1)).toEqual({ event: "done", data: "[DONE]" })
    const stored = await fetch(`${server.url}/_api/chats/files-kept`)
    expect(stored.status).toBe(200)
    const { messages, items } = (await stored.json()) as {
      messages: Array<Record<string, unknown>>
      items: Array<Record<string, unknown>>
    }
    const question = items[0]
    const id = String(question?.id)
    expect(question).toEqual({
      id,
      type: "message",
      role: "user",
      content: "what are these?",
      timestamp: expect.any(String),
      attachments: [
        { id: `${id}-0`, name: "red-square.png", mediaType: "image/png", url: picture.url },
        { id: `${id}-1`, name: "itinerary.pdf", mediaType: "application/pdf", url: document.url },
      ],
    })
    expect(messages[0]).toEqual({
      role: "user",
      content: "what are these?",
      timestamp: question?.timestamp,
      ui_events: [
        {
          tool: "files",
          component: "image",
          props: { src: picture.url, alt: "red-square.png", media_type: "image/png" },
        },
        {
          tool: "files",
          component: "file",
          props: { url: document.url, name: "itinerary.pdf", media_type: "application/pdf" },
        },
      ],
    })
  })

  it("stores a message without files as before: no attachments, no ui_events", async () => {
    const response = await chat({ message: "hello", session_id: "no-files" })
    await response.text()
    const stored = (await (await fetch(`${server.url}/_api/chats/no-files`)).json()) as {
      messages: Array<Record<string, unknown>>
      items: Array<Record<string, unknown>>
    }
    expect(stored.items[0]).not.toHaveProperty("attachments")
    expect(stored.messages[0]).toEqual({
      role: "user",
      content: "hello",
      timestamp: expect.any(String),
    })
  })

  it.each([
    [
      "more than 20 files",
      Array.from({ length: 21 }, (_, index) => ({
        name: `${index}.png`,
        media_type: "image/png",
        url: `http://127.0.0.1/uploads/${index}`,
      })),
      /at most 20 files/,
    ],
    [
      "a file's bytes for a link",
      [
        {
          name: "a.png",
          media_type: "image/png",
          url: `data:image/png;base64,${"A".repeat(5000)}`,
        },
      ],
      /longer than 4096 characters/,
    ],
    [
      "a name too long",
      [{ name: `${"n".repeat(4097)}.txt`, media_type: "text/plain" }],
      /longer than 4096 characters/,
    ],
  ])("refuses %s with 413, and stores nothing", async (_, attachments, error) => {
    const session_id = `files-refused-${attachments.length}-${JSON.stringify(attachments).length}`
    await (await chat({ message: "hello", session_id })).text()
    for (const accept of ["text/event-stream", "application/json"]) {
      const refused = await chat({ message: "look", session_id, attachments }, accept)
      expect(refused.status).toBe(413)
      expect(((await refused.json()) as { error: string }).error).toMatch(error)
    }
    const stored = (await (await fetch(`${server.url}/_api/chats/${session_id}`)).json()) as {
      messages: Array<{ role: string; content: string }>
    }
    expect(stored.messages.map(({ role, content }) => [role, content])).toEqual([
      ["user", "hello"],
      ["assistant", expect.any(String)],
    ])
    const fresh = await chat({ message: "", session_id: `${session_id}-new`, attachments })
    expect(fresh.status).toBe(413)
    expect((await fetch(`${server.url}/_api/chats/${session_id}-new`)).status).toBe(404)
  })

  it("takes 20 files, each link 4096 characters long", async () => {
    const url = `http://127.0.0.1/${"u".repeat(4096 - "http://127.0.0.1/".length)}`
    const attachments = Array.from({ length: 20 }, (_, index) => ({
      name: `${index}.txt`,
      media_type: "text/plain",
      url,
    }))
    const response = await chat({ message: "", session_id: "files-at-limit", attachments })
    expect(response.status).toBe(200)
    expect(deltas(events(await response.text()))).toMatch(/^I received 20 files:/)
  })
})
