import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { createDemoServer, type DemoServer } from "./server.js"

let server: DemoServer

beforeAll(async () => {
  server = await createDemoServer({ tokenDelayMs: 0 })
})

afterAll(async () => {
  await server.close()
})

describe("the demo server's uploads", () => {
  it("stores a file and serves it back, an image inline and other files as downloads", async () => {
    const png = new Uint8Array([137, 80, 78, 71])
    const stored = await fetch(`${server.url}/uploads?name=a.png`, {
      method: "POST",
      headers: { "Content-Type": "image/png" },
      body: png,
    })
    expect(stored.status).toBe(201)
    const { url } = (await stored.json()) as { url: string }
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/uploads\/[0-9a-f-]{36}$/)
    const served = await fetch(url)
    expect(served.headers.get("content-type")).toBe("image/png")
    expect(served.headers.get("x-content-type-options")).toBe("nosniff")
    expect(served.headers.get("content-disposition")).toBeNull()
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(png)

    const html = await fetch(`${server.url}/uploads?name=${encodeURIComponent("x y.html")}`, {
      method: "POST",
      headers: { "Content-Type": "text/html" },
      body: "<script>alert(1)</script>",
    })
    const download = await fetch(((await html.json()) as { url: string }).url)
    expect(download.headers.get("content-disposition")).toBe(
      "attachment; filename*=UTF-8''x%20y.html",
    )
    expect(download.headers.get("content-security-policy")).toContain("sandbox")
  })

  it("refuses a file over 10 MB with 413 and a clear error", async () => {
    const refused = await fetch(`${server.url}/uploads?name=big.bin`, {
      method: "POST",
      headers: { "Content-Type": "application/octet-stream" },
      body: new Uint8Array(10 * 1024 * 1024 + 1),
    })
    expect(refused.status).toBe(413)
    expect(await refused.json()).toEqual({
      error: '"big.bin" is over 10 MB; the demo server keeps files up to 10 MB.',
    })
  })

  it("answers 404 for a file it does not have", async () => {
    const missing = await fetch(`${server.url}/uploads/00000000-0000-0000-0000-000000000000`)
    expect(missing.status).toBe(404)
  })
})
