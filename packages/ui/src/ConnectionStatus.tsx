import type { ConnectionStatus as Status } from "@aichatkit/types"
import { forwardRef } from "react"
import { cx } from "./class-names.js"
import { useLabels } from "./context.js"
import { useConnection } from "./hooks/store-hooks.js"
import type { Labels } from "./labels.js"

/** Props of {@link ConnectionStatus}. */
export interface ConnectionStatusProps {
  /** Extra class on the badge. */
  className?: string | undefined
}

const labelKeys: Record<Status, keyof Labels> = {
  connecting: "connectionConnecting",
  open: "connectionOpen",
  reconnecting: "connectionReconnecting",
  closed: "connectionClosed",
}

/**
 * A badge with the adapter's connection state; its error, if any, as the tooltip. Empty until
 * the adapter reports a connection (one of the seed's kind never does), so nothing says
 * "Offline" before anything was tried. Not a live region: the composer announces the changes
 * that matter (connection lost, restored), so a first send is not narrated as "Connecting",
 * "Connected".
 */
export const ConnectionStatus = forwardRef<HTMLSpanElement, ConnectionStatusProps>(
  function ConnectionStatus({ className }, ref) {
    const labels = useLabels()
    const { status, error } = useConnection()
    return (
      <span
        ref={ref}
        className={cx("aichatkit-connection", `aichatkit-connection--${status}`, className)}
        title={error?.message}
      >
        {status !== "unknown" && (
          <>
            <span className="aichatkit-connection-dot" aria-hidden="true" />
            {labels[labelKeys[status]]}
          </>
        )}
      </span>
    )
  },
)
ConnectionStatus.displayName = "ConnectionStatus"
