/** The live preview of the SSE adapter's page: the real SSEAdapter over the in-page server. */
import { SSEAdapter } from "@aichatkit/sse-adapter"
import { type ReactNode, useState } from "react"
import { LiveChat } from "./live-chat.js"
import { type Dialect, scriptedSseFetch } from "./scripted-sse-server.js"

const dialects: ReadonlyArray<readonly [Dialect, string]> = [
  ["haira", "Haira"],
  ["ai-sdk", "AI SDK UI message stream"],
  ["ag-ui", "AG-UI"],
]

/** A dialect picker and a chat whose adapter speaks it (a new chat for each dialect). */
export function SseDemo(): ReactNode {
  const [dialect, setDialect] = useState<Dialect>("haira")
  return (
    <div>
      <fieldset style={{ border: "none", padding: 0, margin: "0 0 8px", display: "flex", gap: 16 }}>
        <legend style={{ float: "left", marginRight: 12, fontWeight: 600 }}>Dialect</legend>
        {dialects.map(([value, label]) => (
          <label key={value} style={{ display: "inline-flex", gap: 4, alignItems: "center" }}>
            <input
              type="radio"
              name="sse-dialect"
              value={value}
              checked={dialect === value}
              onChange={() => setDialect(value)}
            />
            {label}
          </label>
        ))}
      </fieldset>
      <LiveChat
        key={dialect}
        title={`SSEAdapter, dialect "${dialect}"`}
        createAdapter={() =>
          new SSEAdapter({ url: "/chat", dialect, fetch: scriptedSseFetch(dialect) })
        }
      />
    </div>
  )
}
