/**
 * The files a user is about to send: added by the attach button, a drop or a paste, checked
 * against the app's limits (a refused file gets a sentence saying why, the others are kept),
 * removable one by one, and handed over (and forgotten) when the message is sent.
 */
import { type AttachmentToSend, formatBytes, MAX_ATTACHMENT_BYTES } from "@aichatkit/types"
import {
  type ClipboardEvent,
  type DragEvent,
  useCallback,
  useEffect,
  useRef,
  useState,
} from "react"
import { fill } from "../items/attachment-labels.js"
import type { Labels } from "../labels.js"

/** The app's limits on what the composer takes (`Composer`'s `attachments` prop). */
export interface AttachmentLimits {
  /** What may be attached, as an `<input accept>`: `image/*,.pdf` (default: anything). */
  accept?: string | undefined
  /** The largest file in bytes (default 20 MB). */
  maxBytes?: number | undefined
  /** The most files on one message (default 10). */
  maxFiles?: number | undefined
}

/** A file waiting to be sent, with a preview URL when it is an image. */
export interface DraftFile {
  id: string
  file: File
  previewUrl?: string | undefined
}

const DEFAULT_MAX_FILES = 10

/** Whether `file` matches an `accept` list (`.pdf`, `image/*`, `text/plain`). */
export function accepts(accept: string | undefined, file: Pick<File, "name" | "type">): boolean {
  if (accept === undefined || accept.trim() === "") return true
  const name = file.name.toLowerCase()
  const type = file.type.toLowerCase()
  return accept.split(",").some((entry) => {
    const rule = entry.trim().toLowerCase()
    if (rule === "") return false
    if (rule.startsWith(".")) return name.endsWith(rule)
    if (rule.endsWith("/*")) return type.startsWith(rule.slice(0, -1))
    return type === rule
  })
}

/** Why `file` cannot be added, or undefined when it can. */
function refusal(file: File, count: number, limits: AttachmentLimits, labels: Labels) {
  const maxFiles = limits.maxFiles ?? DEFAULT_MAX_FILES
  const maxBytes = limits.maxBytes ?? MAX_ATTACHMENT_BYTES
  if (count >= maxFiles) return fill(labels.refusedCount, { max: String(maxFiles) })
  if (!accepts(limits.accept, file)) {
    return fill(labels.refusedType, { name: file.name, accept: limits.accept ?? "" })
  }
  if (file.size > maxBytes) {
    return fill(labels.refusedSize, {
      name: file.name,
      size: formatBytes(file.size),
      max: formatBytes(maxBytes),
    })
  }
  return undefined
}

function preview(file: File): string | undefined {
  if (!file.type.startsWith("image/") || typeof URL.createObjectURL !== "function") return undefined
  return URL.createObjectURL(file)
}

function revoke(files: readonly DraftFile[]): void {
  for (const draft of files) if (draft.previewUrl) URL.revokeObjectURL(draft.previewUrl)
}

export function useAttachmentDraft(limits: AttachmentLimits | undefined, labels: Labels) {
  // Over 60 lines: one state and the five handlers that change it (add, remove, take, drag, paste).
  const [files, setFiles] = useState<readonly DraftFile[]>([])
  const [refused, setRefused] = useState<string>()
  const [dragging, setDragging] = useState(false)
  const current = useRef(files)
  current.current = files
  const nextId = useRef(0)
  useEffect(() => () => revoke(current.current), [])

  const add = useCallback(
    (incoming: Iterable<File>) => {
      const kept: DraftFile[] = [...current.current]
      const reasons: string[] = []
      for (const file of incoming) {
        const reason = refusal(file, kept.length, limits ?? {}, labels)
        if (reason === undefined) {
          nextId.current += 1
          kept.push({ id: `draft-${nextId.current}`, file, previewUrl: preview(file) })
        } else if (!reasons.includes(reason)) reasons.push(reason)
      }
      current.current = kept
      setFiles(kept)
      setRefused(reasons.length > 0 ? reasons.join(" ") : undefined)
    },
    [limits, labels],
  )
  const remove = useCallback((id: string) => {
    const removed = current.current.filter((draft) => draft.id === id)
    revoke(removed)
    current.current = current.current.filter((draft) => draft.id !== id)
    setFiles(current.current)
    setRefused(undefined)
  }, [])
  /** The files to send, forgotten here (their previews released). */
  const take = useCallback((): AttachmentToSend[] => {
    const taken = current.current
    revoke(taken)
    current.current = []
    setFiles([])
    setRefused(undefined)
    return taken.map(({ file }) => ({
      name: file.name,
      mediaType: file.type || "application/octet-stream",
      data: file,
    }))
  }, [])
  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer?.types.includes("Files")) return
    event.preventDefault()
    setDragging(true)
  }, [])
  const onDragLeave = useCallback(() => setDragging(false), [])
  const onDrop = useCallback(
    (event: DragEvent) => {
      setDragging(false)
      if (!event.dataTransfer || event.dataTransfer.files.length === 0) return
      event.preventDefault()
      add(Array.from(event.dataTransfer.files))
    },
    [add],
  )
  // A pasted image (a screenshot) is a file; pasted text stays text.
  const onPaste = useCallback(
    (event: ClipboardEvent) => {
      const pasted = Array.from(event.clipboardData?.files ?? [])
      if (pasted.length === 0) return
      event.preventDefault()
      add(pasted)
    },
    [add],
  )
  return { files, refused, dragging, add, remove, take, onDragOver, onDragLeave, onDrop, onPaste }
}

/** What {@link useAttachmentDraft} returns. */
export type AttachmentDraft = ReturnType<typeof useAttachmentDraft>
