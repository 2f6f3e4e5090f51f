import { type ReactNode, useId, useState } from "react"

/** Props of {@link Disclosure}. */
export interface DisclosureProps {
  /** The button's text. */
  label: string
  /** Rendered only while open, so closed sections cost no DOM. */
  children: () => ReactNode
  /** Extra class names for the root element. */
  className?: string
}

/** A button with `aria-expanded` that shows and hides a section. */
export function Disclosure({ label, children, className }: DisclosureProps): ReactNode {
  const [open, setOpen] = useState(false)
  const id = useId()
  return (
    <div className={className}>
      <button
        type="button"
        className="aichatkit-disclosure"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((value) => !value)}
      >
        <span className="aichatkit-disclosure-icon" aria-hidden="true" />
        {label}
      </button>
      <div id={id} className="aichatkit-disclosure-panel" hidden={!open}>
        {open ? children() : null}
      </div>
    </div>
  )
}
