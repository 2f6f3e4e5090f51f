/**
 * The files of a sent message sent again with its edit. Loaded when a message of files is
 * edited, so a page that never does so does not carry it up front.
 */
import { type Attachment, type AttachmentToSend, ChatError } from "@aichatkit/types"
import type { ControllerContext } from "./controller-context.js"

/** What an edit sends (`send`) and what its new message shows (`shown`, with ids of its own). */
export interface ResentFiles {
  send: AttachmentToSend[]
  shown: Attachment[]
}

/**
 * The message's files for its edit: by their URL, except a `blob:` URL, which only this page
 * can read, so its bytes are read back and sent instead. An adapter that cannot send files
 * is UNSUPPORTED: the edit would lose them.
 */
export async function resendAttachments(
  context: ControllerContext,
  files: readonly Attachment[],
): Promise<ResentFiles> {
  if (context.adapter.capabilities.attachments !== true) {
    throw new ChatError(
      "UNSUPPORTED",
      "This adapter cannot send files: editing the message would lose them.",
    )
  }
  const send = await Promise.all(files.map(resendable))
  const shown = files.map((file) => ({ ...file, id: `local-${context.createId()}` }))
  return { send, shown }
}

async function resendable({ name, mediaType, url }: Attachment): Promise<AttachmentToSend> {
  if (!url.startsWith("blob:")) return { name, mediaType, url }
  try {
    return { name, mediaType, data: await (await fetch(url)).blob() }
  } catch (error) {
    throw new ChatError(
      "INVALID_INPUT",
      `"${name}" is no longer in this page; send it in a new message.`,
      {
        cause: error,
      },
    )
  }
}
