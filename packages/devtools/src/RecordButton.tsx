/**
 * Records the adapter from the panel: the first click starts `recordAdapter`, the second stops
 * it and downloads the recording as a JSON file (and hands it to `onRecording`).
 */
import type { AdapterRecording, NetworkAdapter } from "@aichatkit/network-adapter"
import { useEffect, useRef, useState } from "react"
import { type AdapterRecorder, recordAdapter } from "./record-adapter.js"
import type { RedactRule } from "./redact.js"

export interface RecordButtonProps {
  adapter: NetworkAdapter
  redact?: RedactRule | undefined
  onRecording?: ((recording: AdapterRecording) => void) | undefined
}

export function RecordButton({ adapter, redact, onRecording }: RecordButtonProps) {
  const recorder = useRef<AdapterRecorder | undefined>(undefined)
  const [recording, setRecording] = useState(false)

  // A recorder left running when the panel goes away is stopped, so the adapter is restored.
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new adapter ends the old one's recording.
  useEffect(
    () => () => {
      recorder.current?.stop()
      recorder.current = undefined
    },
    [adapter],
  )

  const toggle = () => {
    if (!recorder.current) {
      recorder.current = recordAdapter(adapter, { redact })
      setRecording(true)
      return
    }
    const result = recorder.current.stop()
    recorder.current = undefined
    setRecording(false)
    onRecording?.(result)
    download(result)
  }

  return (
    <button type="button" aria-pressed={recording} onClick={toggle}>
      {recording ? "Stop recording" : "Record"}
    </button>
  )
}
RecordButton.displayName = "RecordButton"

function download(recording: AdapterRecording): void {
  const blob = new Blob([`${JSON.stringify(recording, null, 2)}\n`], { type: "application/json" })
  const url = URL.createObjectURL(blob)
  const link = document.createElement("a")
  link.href = url
  link.download = `aichatkit-recording-${recording.recordedAt.replace(/[:.]/g, "-")}.json`
  link.click()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}
