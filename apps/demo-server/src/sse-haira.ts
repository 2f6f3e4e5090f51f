/**
 * The Haira wire, as pure functions: the demo agent's `ChatEvent`s as Haira SSE frames, and a
 * user's message and a finished turn as the messages Haira stores for `GET /_api/chats/{id}`.
 */
import type { Attachment, ChatEvent, ChatResponseItem } from "@aichatkit/types"

/** One SSE event as Haira writes it. */
export interface HairaFrame {
  event: "delta" | "tool_start" | "tool_end" | "tool_render" | "error" | "done"
  data: string
}

/** One message of a stored Haira chat. */
export interface HairaMessage {
  role: "user" | "assistant"
  content: string
  timestamp: string
  ui_events?: unknown[]
}

/** A component a stored message shows (a card, a file), as its `tool_render` carried it. */
interface HairaUiEvent {
  tool: string
  component: string
  props: Record<string, unknown>
}

const json = (value: unknown) => JSON.stringify(value)

/**
 * Encodes one of the demo agent's events as Haira frames. `tools` remembers tool names by
 * item id, because Haira's `tool_end` names the tool, not the call.
 */
export function encodeHairaFrames(event: ChatEvent, tools: Map<string, string>): HairaFrame[] {
  switch (event.type) {
    case "item-added": {
      const { item } = event
      if (item.type === "message") {
        const text: HairaFrame[] = item.content
          ? [{ event: "delta", data: json({ delta: item.content }) }]
          : []
        return [...text, ...(item.attachments ?? []).map(fileFrame)]
      }
      if (item.type === "tool_call") {
        tools.set(item.id, item.toolCall.name)
        const args = json(item.toolCall.arguments)
        return [{ event: "tool_start", data: json({ tool: item.toolCall.name, args }) }]
      }
      const { title, actions, content } = item.card
      const props = {
        ...content,
        ...(title === undefined ? {} : { title }),
        ...(actions ? { actions } : {}),
      }
      return [
        { event: "tool_render", data: json({ tool: "card", component: item.card.type, props }) },
      ]
    }
    case "text-delta":
      return [{ event: "delta", data: json({ delta: event.delta }) }]
    case "item-updated": {
      const status = event.patch.toolCall?.status
      const tool = tools.get(event.itemId)
      if (
        tool === undefined ||
        (status !== "completed" && status !== "error" && status !== "cancelled")
      ) {
        return [] // Haira has no progress events
      }
      tools.delete(event.itemId)
      if (status === "completed") {
        return [
          {
            event: "tool_end",
            data: json({ tool, ok: true, result: event.patch.toolCall?.result }),
          },
        ]
      }
      const error = event.patch.toolCall?.error ?? "The tool was cancelled."
      return [{ event: "tool_end", data: json({ tool, ok: false, error }) }]
    }
    case "error":
      return [{ event: "error", data: json({ error: event.error.message }) }]
    case "run-finished":
      return [{ event: "done", data: "[DONE]" }]
    default:
      return []
  }
}

/**
 * A file as Haira shows one: `tool_render` of an `image` component (`src`, `alt`) for an
 * image, of a `file` component (`url`, `name`) for anything else; both with `media_type` and
 * `size`, which Haira's own components ignore and the adapter reads.
 */
function fileEvent(attachment: Attachment): HairaUiEvent {
  const { name, mediaType, url, size } = attachment
  const image = mediaType.startsWith("image/")
  const props = image ? { src: url, alt: name } : { url, name }
  return {
    tool: "files",
    component: image ? "image" : "file",
    props: { ...props, media_type: mediaType, ...(size === undefined ? {} : { size }) },
  }
}

/** An agent's file as the frame that streams it. */
function fileFrame(attachment: Attachment): HairaFrame {
  return { event: "tool_render", data: json(fileEvent(attachment)) }
}

/** A frame as the text of one SSE event, with the `id:` a client resumes from. */
export function formatHairaFrame(id: string, frame: HairaFrame): string {
  return `id: ${id}\nevent: ${frame.event}\ndata: ${frame.data}\n\n`
}

/**
 * A user's message as the stored chat keeps it: its files as `ui_events`, in the form an
 * answer's files take, so that a reloaded conversation shows what the user sent.
 */
export function hairaQuestion(
  content: string,
  attachments: readonly Attachment[],
  timestamp: string,
): HairaMessage {
  return {
    role: "user",
    content,
    timestamp,
    ...(attachments.length > 0 ? { ui_events: attachments.map(fileEvent) } : {}),
  }
}

/** A turn's items as Haira stores the answer: the texts joined, cards and files as `ui_events`. */
export function hairaAnswer(items: readonly ChatResponseItem[], timestamp: string): HairaMessage {
  const content = items
    .flatMap((item) => (item.type === "message" && item.content !== "" ? [item.content] : []))
    .join("\n\n")
  const uiEvents = items.flatMap((item): HairaUiEvent[] => {
    if (item.type === "message") {
      return (item.attachments ?? []).map(fileEvent)
    }
    if (item.type !== "card") return []
    return [
      {
        tool: "card",
        component: item.card.type,
        props: { ...item.card.content, title: item.card.title, actions: item.card.actions },
      },
    ]
  })
  return {
    role: "assistant",
    content,
    timestamp,
    ...(uiEvents.length > 0 ? { ui_events: uiEvents } : {}),
  }
}
