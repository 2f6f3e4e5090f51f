import { cleanup, render, screen } from "@testing-library/react"
import { userEvent } from "@testing-library/user-event"
import { afterEach, describe, expect, it, vi } from "vitest"
import { CodeBlock } from "./CodeBlock.js"

afterEach(() => {
  cleanup()
  vi.restoreAllMocks()
})

describe("CodeBlock", () => {
  it("shows the language and the code as text", () => {
    const { container } = render(<CodeBlock code={"<b>not bold</b>"} language="html" streaming />)
    expect(container.querySelector(".aichatkit-code-block-language")?.textContent).toBe("html")
    expect(container.querySelector("code")?.textContent).toBe("<b>not bold</b>")
    expect(container.querySelector("b")).toBeNull()
  })

  it("labels a block without a language", () => {
    const { container } = render(<CodeBlock code="plain" />)
    expect(container.querySelector(".aichatkit-code-block-language")?.textContent).toBe("text")
  })

  it("copies the code to the clipboard and says so", async () => {
    const user = userEvent.setup()
    render(<CodeBlock code={"npm install\nnpm test"} language="bash" />)
    await user.click(screen.getByRole("button", { name: "Copy code" }))
    expect(await navigator.clipboard.readText()).toBe("npm install\nnpm test")
    await screen.findByRole("button", { name: "Copied" })
  })

  it("says when the clipboard refused the copy", async () => {
    const user = userEvent.setup()
    vi.spyOn(navigator.clipboard, "writeText").mockRejectedValue(new Error("denied"))
    render(<CodeBlock code="secret" />)
    await user.click(screen.getByRole("button", { name: "Copy code" }))
    await screen.findByRole("button", { name: "Copy failed" })
  })

  it("takes its button texts from labels", async () => {
    const user = userEvent.setup()
    render(<CodeBlock code="x" labels={{ copyCode: "Kopieren", copied: "Kopiert" }} />)
    await user.click(screen.getByRole("button", { name: "Kopieren" }))
    await screen.findByRole("button", { name: "Kopiert" })
  })
})
