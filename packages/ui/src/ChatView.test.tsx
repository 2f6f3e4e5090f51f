import { createScriptedAgent, MemoryAdapter } from "@aichatkit/testing"
import type { MessageItem as MessageItemType } from "@aichatkit/types"
import { act, cleanup, render, screen, waitFor, within } from "@testing-library/react"
import { userEvent } from "@testing-library/user-event"
import { afterEach, describe, expect, it, vi } from "vitest"
import { ChatProvider } from "./ChatProvider.js"
import { ChatView } from "./ChatView.js"
import type { MessageItemProps } from "./items/index.js"
import {
  activeConversation,
  agentFailingOnce,
  createHarness,
  waitForRun,
} from "./testdata/chat-harness.js"

afterEach(cleanup)

/** Renders of each message, by item id, counted by {@link CountingMessage}. */
const renders = new Map<string, number>()
function CountingMessage({ item }: MessageItemProps) {
  renders.set(item.id, (renders.get(item.id) ?? 0) + 1)
  return <p>{item.content}</p>
}

async function send(text: string) {
  const user = userEvent.setup()
  await user.type(screen.getByRole("textbox", { name: "Message" }), `${text}{Enter}`)
  return user
}

describe("ChatView", () => {
  it("works with only an adapter: shows the user message, then the streamed answer", async () => {
    render(<ChatView adapter={new MemoryAdapter({ tokenDelayMs: 0 })} />)
    screen.getByText("How can I help?")
    await send("hello there")
    const log = screen.getByRole("log")
    within(log).getByText("hello there")
    await within(log).findByText("Here is what I found", {}, { timeout: 10_000 })
    await within(log).findByText(/watch the tokens arrive/, {}, { timeout: 10_000 })
    expect(screen.queryByText("How can I help?")).toBeNull()
  })

  it("clears the composer and keeps focus in it after sending", async () => {
    const { controller } = createHarness()
    render(<ChatView controller={controller} />)
    await send("hello")
    const input = screen.getByRole("textbox", { name: "Message" }) as HTMLTextAreaElement
    expect(input.value).toBe("")
    expect(document.activeElement).toBe(input)
    await waitForRun(controller, "idle")
  })

  it("shows the thinking indicator after sending and before the first token", async () => {
    const { controller } = createHarness({ tokenDelayMs: 300 })
    const { container } = render(<ChatView controller={controller} />)
    await send("hello")
    await screen.findByText("Thinking…")
    expect(container.querySelector(".aichatkit-thinking--active")).not.toBeNull()
    await screen.findByText(/Here/, {}, { timeout: 10_000 })
    // The indicator is gone; its words stay in the status region until the turn ends.
    expect(container.querySelector(".aichatkit-thinking--active")).toBeNull()
    expect(screen.getByText("Thinking…").className).toBe("aichatkit-visually-hidden")
    act(() => controller.cancel())
    await waitForRun(controller, "cancelled")
  })

  it("re-renders only the streaming item while tokens arrive", async () => {
    renders.clear()
    const { controller } = createHarness()
    render(<ChatView controller={controller} renderers={{ message: CountingMessage }} />)
    await send("hello")
    await waitForRun(controller, "idle")
    const conversation = activeConversation(controller)!
    const [userId, assistantId] = conversation.itemIds
    const userRenders = renders.get(userId!)!
    const assistantRenders = renders.get(assistantId!)!
    // The user's item rendered when it appeared (and perhaps when reconciled), never per token.
    expect(userRenders).toBeLessThanOrEqual(2)
    expect(assistantRenders).toBeGreaterThan(userRenders)
    // A new token for the assistant message leaves the user's item alone.
    const before = renders.get(userId!)
    act(() => {
      controller.store.getState().dispatch({
        type: "text-delta",
        agentId: conversation.agentId!,
        itemId: assistantId!,
        delta: " more",
      })
    })
    expect(renders.get(userId!)).toBe(before)
  })

  it("does not re-render items when the parent passes equal inline labels and renderers", async () => {
    const { controller } = createHarness()
    const view = (send: string) => (
      <ChatView
        controller={controller}
        labels={{ send }}
        renderers={{ message: CountingMessage, toolCall: {} }}
      />
    )
    renders.clear()
    const { rerender } = render(view("Send it"))
    await send("hello")
    await waitForRun(controller, "idle")
    const before = new Map(renders)
    rerender(view("Send it"))
    expect(renders).toEqual(before)
    rerender(view("Go"))
    screen.getByRole("button", { name: "Go" })
  })

  it("announces a finished assistant message once, never per token", async () => {
    const { controller } = createHarness({ tokenDelayMs: 1 })
    const { container } = render(<ChatView controller={controller} />)
    const region = container.querySelector(".aichatkit-announcer")!
    const texts: string[] = []
    const observer = new MutationObserver(() => texts.push(region.textContent ?? ""))
    observer.observe(region, { childList: true, characterData: true, subtree: true })
    await send("hello")
    await waitForRun(controller, "idle")
    await waitFor(() => expect(region.textContent).toMatch(/^Assistant: Here is what I found/))
    observer.disconnect()
    expect(new Set(texts).size).toBe(1)
    expect(screen.getByRole("log").getAttribute("aria-live")).toBe("off")
  })

  it("marks the streaming item aria-busy until it is done", async () => {
    const { controller } = createHarness({ tokenDelayMs: 5 })
    const { container } = render(<ChatView controller={controller} />)
    await send("hello")
    await waitFor(() => expect(container.querySelector('[aria-busy="true"]')).not.toBeNull())
    await waitForRun(controller, "idle")
    expect(container.querySelector('[aria-busy="true"]')).toBeNull()
  })

  it("shows a failed turn's error and retries it", async () => {
    const agent = agentFailingOnce(createScriptedAgent({ tokenDelayMs: 0 }))
    const { controller } = createHarness({ agent })
    render(<ChatView controller={controller} />)
    await send("hello")
    const alert = await screen.findByRole("alert", {}, { timeout: 10_000 })
    expect(alert.textContent).toMatch(/scripted failure/)
    const banner = alert.closest(".aichatkit-error-banner") as HTMLElement
    await userEvent.click(within(banner).getByRole("button", { name: "Retry" }))
    await waitForRun(controller, "idle")
    expect(screen.queryByRole("alert")).toBeNull()
    await screen.findByText("Here is what I found")
  })

  it("offers suggestions while empty and sends the one picked", async () => {
    const { controller } = createHarness()
    render(<ChatView controller={controller} suggestions={["Show me a card"]} />)
    await userEvent.click(screen.getByRole("button", { name: "Show me a card" }))
    await waitForRun(controller, "idle")
    expect(screen.getAllByText("Show me a card").length).toBeGreaterThan(0)
    await screen.findByRole("button", { name: "Refresh" })
  })

  it("takes every string from the labels prop", async () => {
    const { controller } = createHarness()
    render(
      <ChatView
        controller={controller}
        labels={{ send: "Envoyer", inputLabel: "Votre message", emptyTitle: "Bonjour !" }}
      />,
    )
    screen.getByRole("button", { name: "Envoyer" })
    screen.getByRole("textbox", { name: "Votre message" })
    screen.getByText("Bonjour !")
  })

  it("draws tool calls and cards with custom renderers by tool name and card type", async () => {
    const { controller } = createHarness()
    render(
      <ChatView
        controller={controller}
        renderers={{
          toolCall: { weather: ({ item }) => <p>weather tool is {item.toolCall.status}</p> },
          card: { weather: ({ item }) => <p>weather card {item.card.title ?? ""}</p> },
        }}
      />,
    )
    await send("use the tool")
    await waitForRun(controller, "idle")
    screen.getByText("weather tool is completed")
    await send("show a card")
    await waitForRun(controller, "idle")
    screen.getByText(/^weather card/)
  })

  it("passes a card's button action to onCardAction and to the adapter", async () => {
    const { adapter, controller } = createHarness()
    const onCardAction = vi.fn()
    render(<ChatView controller={controller} onCardAction={onCardAction} />)
    await send("show a card")
    await waitForRun(controller, "idle")
    await userEvent.click(await screen.findByRole("button", { name: "Refresh" }))
    expect(onCardAction).toHaveBeenCalledWith(
      expect.objectContaining({ action: "refresh", type: "button" }),
      expect.objectContaining({ type: "weather" }),
    )
    await waitFor(() => expect(adapter.cardActions).toHaveLength(1))
  })

  it("uses the store of an enclosing ChatProvider", async () => {
    const { controller } = createHarness()
    render(
      <ChatProvider controller={controller}>
        <ChatView />
      </ChatProvider>,
    )
    await send("hello")
    await waitForRun(controller, "idle")
    const items = Object.values(activeConversation(controller)!.items)
    expect(items.some((item) => (item as MessageItemType).content === "hello")).toBe(true)
  })

  it("inside a ChatProvider, takes the options given to it in place of the provider's", async () => {
    const { controller } = createHarness()
    renders.clear()
    render(
      <ChatProvider controller={controller} renderers={{ message: CountingMessage }}>
        <ChatView labels={{ inputLabel: "Ask support" }} />
      </ChatProvider>,
    )
    // The view's own option (its composer's label), and the provider's (its message renderer).
    const user = userEvent.setup()
    await user.type(screen.getByRole("textbox", { name: "Ask support" }), "hello{Enter}")
    await waitForRun(controller, "idle")
    const items = Object.keys(activeConversation(controller)!.items)
    expect(items).toHaveLength(2)
    for (const id of items) expect(renders.get(id)).toBeGreaterThan(0)
  })

  it("explains what is missing when used without an adapter or provider", () => {
    vi.spyOn(console, "error").mockImplementation(() => {})
    expect(() => render(<ChatView />)).toThrow(/needs an `adapter`/)
    vi.restoreAllMocks()
  })
})
