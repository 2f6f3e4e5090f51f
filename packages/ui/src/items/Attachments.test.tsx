import type { Attachment, MessageItem as MessageItemData } from "@aichatkit/types"
import { cleanup, render, screen, within } from "@testing-library/react"
import { userEvent } from "@testing-library/user-event"
import { afterEach, describe, expect, it } from "vitest"
import { Attachments } from "./Attachments.js"
import { MessageItem } from "./MessageItem.js"

afterEach(cleanup)

const png: Attachment = {
  id: "a1",
  name: "chart.png",
  mediaType: "image/png",
  size: 2048,
  url: "data:image/png;base64,iVBORw0KGgo=",
}
const pdf: Attachment = {
  id: "a2",
  name: "report.pdf",
  mediaType: "application/pdf",
  size: 3 * 1024 * 1024,
  url: "https://files.example/report.pdf",
}

describe("Attachments", () => {
  it("lists images inline (lazy, size reserved) and files as download chips with name and size", () => {
    render(<Attachments attachments={[png, pdf]} />)
    const list = screen.getByRole("list", { name: "Attachments" })
    expect(within(list).getAllByRole("listitem")).toHaveLength(2)
    const image = screen.getByRole("img", { name: "chart.png" })
    expect(image.getAttribute("loading")).toBe("lazy")
    expect([image.getAttribute("width"), image.getAttribute("height")]).toEqual(["240", "180"])
    const link = screen.getByRole("link", { name: /report\.pdf/ })
    expect(link.getAttribute("href")).toBe("https://files.example/report.pdf")
    expect(link.getAttribute("download")).toBe("report.pdf")
    expect(link.getAttribute("rel")).toBe("noopener noreferrer")
    expect(link.textContent).toContain("3.0 MB")
  })

  it("opens an image large in a dialog and closes it with its button", async () => {
    const user = userEvent.setup()
    render(<Attachments attachments={[png]} />)
    await user.click(screen.getByRole("button", { name: "Open image chart.png" }))
    const dialog = screen.getByRole("dialog", { name: "chart.png" })
    expect(within(dialog).getByRole("img", { name: "chart.png" }).getAttribute("src")).toBe(png.url)
    await user.click(within(dialog).getByRole("button", { name: "Close" }))
    expect(screen.queryByRole("dialog")).toBeNull()
  })

  it("asks the app's resolveAttachmentUrl for the URL to load (signed URLs)", () => {
    const stored = { ...pdf, url: "s3://bucket/report.pdf" }
    render(
      <Attachments
        attachments={[stored]}
        resolveAttachmentUrl={(attachment) =>
          `https://bucket.example/${attachment.name}?signature=abc`
        }
      />,
    )
    expect(screen.getByRole("link").getAttribute("href")).toBe(
      "https://bucket.example/report.pdf?signature=abc",
    )
  })

  it("renders nothing for an empty list", () => {
    const { container } = render(<Attachments attachments={[]} />)
    expect(container.innerHTML).toBe("")
  })
})

describe("MessageItem with attachments", () => {
  const message = (overrides: Partial<MessageItemData>): MessageItemData => ({
    id: "m1",
    type: "message",
    role: "user",
    content: "See these",
    timestamp: "2026-11-23T09:05:00Z",
    ...overrides,
  })

  it("shows the text and then the files, loaded lazily", async () => {
    render(<MessageItem item={message({ attachments: [png, pdf] })} />)
    expect(screen.getByText("See these")).toBeDefined()
    expect(await screen.findByRole("img", { name: "chart.png" })).toBeDefined()
  })

  it("shows an agent's file alone, without an empty bubble", async () => {
    const { container } = render(
      <MessageItem item={message({ role: "assistant", content: "", attachments: [png] })} />,
    )
    await screen.findByRole("img", { name: "chart.png" })
    expect(container.querySelector(".aichatkit-message-bubble")).toBeNull()
  })
})
