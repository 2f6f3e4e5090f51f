import type { Card, CardAction, CardItem as CardItemData } from "@aichatkit/types"
import { cleanup, render, screen, within } from "@testing-library/react"
import { userEvent } from "@testing-library/user-event"
import { afterEach, describe, expect, it, vi } from "vitest"
import { CardItem } from "./CardItem.js"

afterEach(cleanup)

const cardItem = (card: Partial<Card> = {}): CardItemData => ({
  id: "k1",
  type: "card",
  card: {
    id: "card1",
    type: "weather",
    title: "Weather in Oslo",
    content: { temperature: 21, sky: "clear", windy: false },
    ...card,
  },
})

describe("CardItem", () => {
  it("shows the title and flat content as a key–value list", () => {
    const { container } = render(<CardItem item={cardItem()} />)
    const card = screen.getByRole("article", { name: "Weather in Oslo" })
    expect(card.className).toContain("aichatkit-card--weather")
    const terms = [...container.querySelectorAll("dt")].map((term) => term.textContent)
    const values = [...container.querySelectorAll("dd")].map((value) => value.textContent)
    expect(terms).toEqual(["temperature", "sky", "windy"])
    expect(values).toEqual(["21", "clear", "false"])
  })

  it("shows arrays of objects as a table and other arrays as lists", () => {
    render(
      <CardItem
        item={cardItem({
          content: {
            forecast: [
              { day: "Mon", high: 20 },
              { day: "Tue", high: 18, rain: true },
            ],
            tags: ["sunny", "mild"],
            nested: { deeper: { value: "found" } },
          },
        })}
      />,
    )
    const table = screen.getByRole("table")
    expect(
      within(table)
        .getAllByRole("columnheader")
        .map((cell) => cell.textContent),
    ).toEqual(["day", "high", "rain"])
    expect(
      within(table)
        .getAllByRole("cell")
        .map((cell) => cell.textContent),
    ).toEqual(["Mon", "20", "—", "Tue", "18", "true"])
    expect(screen.getAllByRole("listitem").map((item) => item.textContent)).toEqual([
      "sunny",
      "mild",
    ])
    screen.getByText("found")
  })

  it("renders HTML in the title and content as text", () => {
    const { container } = render(
      <CardItem
        item={cardItem({
          title: "<img src=x onerror=alert(1)>",
          content: { note: "<script>alert(1)</script>", "<b>key</b>": "v" },
        })}
      />,
    )
    expect(container.querySelector("img, script, b")).toBeNull()
    screen.getByText("<img src=x onerror=alert(1)>")
    screen.getByText("<script>alert(1)</script>")
    screen.getByText("<b>key</b>")
  })

  it("says when there is no content, and names an untitled card", () => {
    const item = cardItem({ content: {} })
    delete item.card.title
    render(<CardItem item={item} />)
    screen.getByRole("article", { name: "Card" })
    screen.getByText("No content")
  })

  it("copes with cycles and very large content", () => {
    const content: Record<string, unknown> = {
      list: Array.from({ length: 500 }, (_, index) => index),
    }
    content.self = content
    render(<CardItem item={cardItem({ content })} />)
    screen.getByText("(cannot be shown)")
    screen.getByText("… 400 more")
  })

  it("calls onAction with the action and the card when a button is pressed", async () => {
    const user = userEvent.setup()
    const onAction = vi.fn<(action: CardAction, card: Card) => void>()
    const refresh: CardAction = {
      id: "a1",
      label: "Refresh",
      type: "button",
      action: "refresh",
      data: { city: "Oslo" },
    }
    const item = cardItem({ actions: [refresh] })
    render(<CardItem item={item} onAction={onAction} />)
    const actions = screen.getByRole("group", { name: "Actions" })
    const button = within(actions).getByRole("button", { name: "Refresh" })
    await user.tab()
    expect(document.activeElement).toBe(button)
    await user.keyboard("{Enter}")
    expect(onAction).toHaveBeenCalledTimes(1)
    expect(onAction).toHaveBeenCalledWith(refresh, item.card)
    await user.click(button)
    expect(onAction).toHaveBeenCalledTimes(2)
  })

  it("opens a safe link action in a new tab without opener or referrer", () => {
    render(
      <CardItem
        item={cardItem({
          actions: [
            { id: "l1", label: "Forecast", type: "link", action: "https://example.com/oslo" },
          ],
        })}
      />,
    )
    const link = screen.getByRole("link", { name: "Forecast" })
    expect(link.getAttribute("href")).toBe("https://example.com/oslo")
    expect(link.getAttribute("target")).toBe("_blank")
    expect(link.getAttribute("rel")).toBe("noopener noreferrer")
  })

  it.each(["javascript:alert(1)", "data:text/html,<b>x</b>", "/relative", "not a url"])(
    "disables a link action to %s and says why",
    async (url) => {
      const user = userEvent.setup()
      const onAction = vi.fn()
      render(
        <CardItem
          item={cardItem({ actions: [{ id: "l1", label: "Open", type: "link", action: url }] })}
          onAction={onAction}
        />,
      )
      expect(screen.queryByRole("link")).toBeNull()
      const control = screen.getByRole("button", { name: "Open" }) as HTMLButtonElement
      expect(control.disabled).toBe(true)
      expect(screen.getByText(/link was blocked/).id).toBe(control.getAttribute("aria-describedby"))
      await user.click(control)
      expect(onAction).not.toHaveBeenCalled()
    },
  )
})
