/**
 * Files over HAIP (the file's shape: haip-wire's `HAIPFile`). The agent's come in its
 * MESSAGE_START or MESSAGE payload's `attachments`, checked as every wire checks them. The
 * user's MESSAGE payload becomes `{ text, attachments }`, each file's bytes
 * base64 in its `data` (the same rule as audio: our server announces no binary frames, and the
 * reference generation, the one peer that announces them, takes no files at all), or its `url`
 * when the app's `upload` made one. A reference-generation server gets no files: a clear error.
 */
import { prepareAttachments, type SendMessageOptions } from "@aichatkit/network-adapter"
import { receivedAttachment } from "@aichatkit/network-adapter/agent-files"
import { type Attachment, type AttachmentToSend, ChatError, type ChatEvent } from "@aichatkit/types"
import type { HAIPAdapterOptions } from "./types.js"

/** The files made ready (sizes checked, then inlined or uploaded), or a clear refusal. */
export async function prepareFiles(
  files: readonly AttachmentToSend[],
  options: Pick<HAIPAdapterOptions, "attachments" | "upload" | "maxAttachmentBytes">,
  generation: string | undefined,
  turn: Pick<SendMessageOptions, "signal" | "onUploadProgress"> = {},
): Promise<Attachment[]> {
  if (options.attachments !== true) {
    throw new ChatError(
      "INVALID_INPUT",
      "This HAIPAdapter sends no files; set its attachments option when the tool takes them.",
    )
  }
  if (generation === "reference") {
    throw new ChatError(
      "INVALID_INPUT",
      "This HAIP server (the reference's generation) takes no files; send the text alone.",
    )
  }
  return prepareAttachments(files, {
    upload: options.upload,
    signal: turn.signal,
    onProgress: turn.onUploadProgress,
    ...(options.maxAttachmentBytes === undefined ? {} : { maxBytes: options.maxAttachmentBytes }),
  })
}

/** What a payload's files became: the ones kept, and an error event for each one left out. */
export interface ReceivedFiles {
  attachments: Attachment[]
  errors: ChatEvent[]
}

/**
 * The files of an agent's MESSAGE_START or MESSAGE payload (`attachments`, each `{ name, mime,
 * size?, data | url }`) as the message's attachments, ids `<message id>-<index>`. A file the
 * chat may not hold (a script URL, a `data:` page, bad base64, over 20 MB: see
 * `receivedAttachment`) is left out with a PROTOCOL_ERROR naming it; the rest stay.
 */
export function receivedFiles(
  payload: Record<string, unknown>,
  itemId: string,
  scope: { agentId: string; runId?: string },
): ReceivedFiles {
  const files = payload.attachments
  if (files === undefined) return { attachments: [], errors: [] }
  const list = Array.isArray(files) ? files : [files]
  const attachments: Attachment[] = []
  const errors: ChatEvent[] = []
  list.forEach((file: unknown, index) => {
    const fields =
      typeof file === "object" && file !== null ? (file as Record<string, unknown>) : {}
    const received = receivedAttachment(`${itemId}-${index}`, {
      name: fields.name,
      mediaType: fields.mime,
      size: fields.size,
      url: fields.url,
      data: fields.data,
    })
    if (!("problem" in received)) {
      attachments.push(received)
      return
    }
    const name = typeof fields.name === "string" ? ` "${fields.name}"` : ""
    errors.push({
      type: "error",
      ...scope,
      error: {
        code: "PROTOCOL_ERROR",
        message: `The agent's file${name} was left out: ${received.problem}.`,
        retryable: false,
      },
    })
  })
  return { attachments, errors }
}
