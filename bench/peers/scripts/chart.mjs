// Draws results/chart.svg from a run's results: one panel per scenario, one bar per library,
// times on a log scale (they span three orders of magnitude). No charting dependency.

const WIDTH = 960
const LABEL_WIDTH = 330
const BAR_WIDTH = 390
const ROW_HEIGHT = 22
const PANEL_GAP = 40
const names = {
  aichatkit: "aichatkit <ChatView>",
  "assistant-ui": "assistant-ui",
  "ai-sdk": "AI SDK useChat + Streamdown",
  chatscope: "chatscope (plain text)",
  "react-list": "hand-written React (plain text)",
  floor: "floor: plain DOM (plain text)",
}

const escapeXml = (text) =>
  String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
const seconds = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`)

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

/** The median over finished runs, or null with the furthest progress when none finished. */
function figure(results = [], pick) {
  const done = results.filter((result) => result.finished)
  if (done.length === results.length && done.length > 0) return { value: median(done.map(pick)) }
  const reached = results.map((result) => result.tokensDone ?? 0)
  return { value: null, reached: Math.max(0, ...reached) }
}

const logScale = (low, high) => (value) =>
  Math.max(0.01, Math.min(1, Math.log(value / low) / Math.log(high / low)))
const linearScale = (high) => (value) => Math.max(0.01, Math.min(1, value / high))

function panels(run) {
  const cap = run.capMs
  const of = (id, scenario) => run.measured[id]?.[scenario]
  return [
    {
      title: "A-fast: 2,000 tokens into a 1,000-message thread (lower is better, log scale)",
      scale: logScale(50, cap),
      row: (id) => {
        const result = figure(of(id, "A-fast"), (r) => r.elapsedMs)
        return result.value === null
          ? {
              fraction: 1,
              text: `did not finish in ${cap / 1000} s (${result.reached} tokens)`,
              missed: true,
            }
          : { value: result.value, text: seconds(result.value) }
      },
    },
    {
      title: "A-paced: worst gap between frames at 200 tokens/s (lower is better, log scale)",
      scale: logScale(10, 2000),
      row: (id) => {
        const gap = figure(of(id, "A-paced"), (r) => r.worstFrameGapMs)
        const tasks = figure(of(id, "A-paced"), (r) => r.longTasks)
        return gap.value === null
          ? { fraction: 1, text: `did not finish in ${cap / 1000} s`, missed: true }
          : { value: gap.value, text: `${seconds(gap.value)}, ${tasks.value} long tasks` }
      },
    },
    {
      title: "B-mount: 10,000 messages painted (lower is better, log scale)",
      scale: logScale(50, cap),
      row: (id) => {
        const time = figure(of(id, "B-mount"), (r) => r.elapsedMs)
        const nodes = figure(of(id, "B-mount"), (r) => r.domNodes)
        return time.value === null
          ? { fraction: 1, text: `did not finish in ${cap / 1000} s`, missed: true }
          : {
              value: time.value,
              text: `${seconds(time.value)}, ${nodes.value.toLocaleString("en-US")} DOM nodes`,
            }
      },
    },
    {
      title: "C-bundle: JS loaded up front, min + gzip, react external (lower is better)",
      scale: linearScale(300 * 1024),
      row: (id) => {
        const size = run.bundles[id]
        return size
          ? {
              value: size.upFrontGzipBytes,
              text: `${(size.upFrontGzipBytes / 1024).toFixed(1)} kB`,
            }
          : { fraction: 0, text: "– (no library)", none: true }
      },
    },
  ]
}

export function renderChart(run) {
  const ids = run.libraries
  const parts = []
  let y = 56
  for (const panel of panels(run)) {
    parts.push(`<text x="16" y="${y}" class="title">${escapeXml(panel.title)}</text>`)
    y += 12
    for (const id of ids) {
      const row = panel.row(id)
      const fraction = row.fraction ?? panel.scale(row.value)
      const width = Math.round(fraction * BAR_WIDTH)
      const fill = row.missed ? "#b9b9b9" : id === "aichatkit" ? "#2f6fde" : "#8a8f98"
      parts.push(
        `<text x="${LABEL_WIDTH - 8}" y="${y + 15}" class="label">${escapeXml(names[id] ?? id)}</text>`,
      )
      if (!row.none) {
        const pattern = row.missed ? ' stroke="#777" stroke-dasharray="4 3"' : ""
        parts.push(
          `<rect x="${LABEL_WIDTH}" y="${y + 3}" width="${width}" height="${ROW_HEIGHT - 6}" fill="${fill}"${pattern}/>`,
        )
      }
      parts.push(
        `<text x="${LABEL_WIDTH + width + 6}" y="${y + 15}" class="value">${escapeXml(row.text)}</text>`,
      )
      y += ROW_HEIGHT
    }
    y += PANEL_GAP
  }
  const date = String(run.startedAt).slice(0, 10)
  const machine = run.machine
  const heading = `aichatkit and peers, headless Chromium ${machine.chromium}, ${machine.cores} cores, ${date}: median of ${run.runs} runs`
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${y}" viewBox="0 0 ${WIDTH} ${y}" font-family="system-ui, sans-serif">
<style>
.heading { font-size: 16px; font-weight: 600; fill: #111; }
.title { font-size: 13px; font-weight: 600; fill: #222; }
.label { font-size: 12px; fill: #333; text-anchor: end; }
.value { font-size: 12px; fill: #222; }
</style>
<title>${escapeXml(heading)}</title>
<rect width="100%" height="100%" fill="#fff"/>
<text x="16" y="26" class="heading">${escapeXml(heading)}</text>
${parts.join("\n")}
</svg>
`
}
