/**
 * Records what live regions would announce, in order: the text of each node added inside a
 * live region that was already there (`aria-live` polite/assertive, `role="status"`,
 * `role="alert"`), text changed in place inside one, and each alert inserted with its text
 * (screen readers announce those; any other region inserted together with its text they
 * often miss, so it is not counted). Tests only; works in happy-dom and in Chromium.
 */

const implicitLive: Readonly<Record<string, boolean>> = { status: true, alert: true }

/** Whether `element` is inside (or is) a live region that is not switched off. */
function isLive(element: Element | null): boolean {
  for (let current = element; current !== null; current = current.parentElement) {
    const live = current.getAttribute("aria-live")
    if (live !== null) return live !== "off"
    const role = current.getAttribute("role")
    if (role !== null && Object.hasOwn(implicitLive, role)) return true
  }
  return false
}

function addedTexts(node: Node, parent: Node): string[] {
  if (parent instanceof Element && isLive(parent)) return [node.textContent ?? ""]
  if (!(node instanceof Element)) return []
  const alerts = node.matches('[role="alert"]') ? [node] : node.querySelectorAll('[role="alert"]')
  return [...alerts].map((alert) => alert.textContent ?? "")
}

/** Starts recording announcements under `root`; `texts` fills as they happen. */
export function recordAnnouncements(root: Node): { texts: string[]; stop: () => void } {
  const texts: string[] = []
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      const found =
        record.type === "characterData"
          ? isLive(record.target.parentElement)
            ? [record.target.textContent ?? ""]
            : []
          : [...record.addedNodes].flatMap((node) => addedTexts(node, record.target))
      for (const text of found) {
        const trimmed = text.trim()
        if (trimmed !== "") texts.push(trimmed)
      }
    }
  })
  observer.observe(root, { childList: true, characterData: true, subtree: true })
  return { texts, stop: () => observer.disconnect() }
}
