/** The per-run summary table of the devtools panel. */
import type { RunSummary } from "./run-summary.js"

const format = (value: number | undefined, digits = 0) =>
  value === undefined ? "–" : value.toFixed(digits)

export function RunSummaries({ runs }: { runs: readonly RunSummary[] }) {
  if (runs.length === 0) return null
  return (
    <table aria-label="Runs" style={{ borderCollapse: "collapse", margin: 4 }}>
      <thead>
        <tr>
          <th scope="col">run</th>
          <th scope="col">first token (ms)</th>
          <th scope="col">tokens/s</th>
          <th scope="col">frames</th>
          <th scope="col">store flushes</th>
          <th scope="col">React commits</th>
        </tr>
      </thead>
      <tbody>
        {runs.map((run) => (
          <tr key={run.runId}>
            <th scope="row">
              {run.runId}
              {run.finished ? "" : " (open)"}
            </th>
            <td>{format(run.timeToFirstTokenMs)}</td>
            <td>{format(run.tokensPerSecond, 1)}</td>
            <td>{run.framesReceived}</td>
            <td>{run.storeFlushes}</td>
            <td>{run.reactCommits}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
RunSummaries.displayName = "RunSummaries"
