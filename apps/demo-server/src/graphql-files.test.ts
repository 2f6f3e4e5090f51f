/**
 * A user's files on the GraphQL wire of the real demo server: `continueChat`'s `files` (links,
 * as the Apollo adapter's upload makes them), kept on the user's item and named in the answer,
 * also when `regenerate` answers the message again.
 */
import type { ChatResponseItem } from "@aichatkit/types"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { createDemoServer, type DemoServer } from "./server.js"

let server: DemoServer

beforeAll(async () => {
  server = await createDemoServer({ tokenDelayMs: 0 })
})

afterAll(async () => {
  await server.close()
})

interface Result {
  data?: Record<string, { items: string } | string> | null
  errors?: { message: string; extensions?: { code?: string } }[]
}

async function post(query: string, variables: Record<string, unknown> = {}): Promise<Result> {
  const response = await fetch(`${server.url}/graphql`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ query, variables }),
  })
  return (await response.json()) as Result
}

const CHAT = `query ($id: String!, $q: String!, $files: [FileLink!]) {
  continueChat(id: $id, query: $q, files: $files) { items }
}`
const REGENERATE = "mutation ($id: String!) { regenerate(id: $id) { items } }"

async function create(): Promise<string> {
  return (await post("mutation { createConversation }")).data?.createConversation as string
}

function items(result: Result, field: string): ChatResponseItem[] {
  const value = result.data?.[field]
  if (typeof value !== "object") throw new Error(`no ${field} in ${JSON.stringify(result)}`)
  return JSON.parse(value.items) as ChatResponseItem[]
}

const answers = (list: ChatResponseItem[]) =>
  list.flatMap((item) =>
    item.type === "message" && item.role === "assistant" ? [item.content] : [],
  )

const png = { name: "red-square.png", mediaType: "image/png", url: "http://127.0.0.1/uploads/a" }
const pdf = { name: "itinerary.pdf", mediaType: "application/pdf", url: "http://127.0.0.1/b" }
const FILES_ANSWER =
  "I received 2 files: **red-square.png** (image/png), **itinerary.pdf** (application/pdf). Tell me what you would like to know about them."

describe("the demo server's GraphQL wire: a message of files", () => {
  it("answers files without text by naming them, and keeps them on the user's item", async () => {
    const id = await create()
    const turn = items(await post(CHAT, { id, q: "", files: [png, pdf] }), "continueChat")
    expect(answers(turn)).toEqual([FILES_ANSWER])
    const history = items(
      await post("query ($id: String!) { chatHistory(id: $id) { items } }", { id }),
      "chatHistory",
    )
    const question = history[0]
    expect(question).toMatchObject({ type: "message", role: "user", content: "" })
    expect(question?.type === "message" ? question.attachments : undefined).toEqual([
      { id: `${question?.id}-0`, ...png },
      { id: `${question?.id}-1`, ...pdf },
    ])
  })

  it("names them again when regenerate answers the message again", async () => {
    const id = await create()
    await post(CHAT, { id, q: "", files: [png, pdf] })
    expect(answers(items(await post(REGENERATE, { id }), "regenerate"))).toEqual([FILES_ANSWER])
  })

  it("names the files, then answers the text's keyword", async () => {
    const id = await create()
    const turn = items(await post(CHAT, { id, q: "use the tool", files: [png] }), "continueChat")
    expect(answers(turn)[0]).toBe("I received 1 file: **red-square.png** (image/png).")
    expect(turn.some((item) => item.type === "tool_call")).toBe(true)
  })

  it.each([
    ["more than 20 files", Array.from({ length: 21 }, () => png), "PAYLOAD_TOO_LARGE"],
    [
      "a file's bytes for a link",
      [{ ...png, url: `data:image/png;base64,${"A".repeat(5000)}` }],
      "PAYLOAD_TOO_LARGE",
    ],
    ["no files and no text", [], "INVALID_INPUT"],
  ])("refuses %s with a coded error", async (_, files, code) => {
    const id = await create()
    const result = await post(CHAT, { id, q: " ", files })
    expect(result.errors?.[0]?.extensions?.code).toBe(code)
  })
})
