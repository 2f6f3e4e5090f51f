import { describe, expect, it } from "vitest"
import type { HAIPError } from "./errors.js"
import { type ReconnectHost, Reconnector } from "./reconnect.js"

/** A host whose attempts fail until `succeedOn` (1-based; 0: never), recording what it was told. */
function host(succeedOn: number, maxReconnectAttempts = 3) {
  const log: string[] = []
  let attempts = 0
  let gaveUp: HAIPError | undefined
  const reconnectHost: ReconnectHost = {
    url: "ws://127.0.0.1:1",
    maxReconnectAttempts,
    reconnectDelay: 1,
    maxReconnectDelay: 2,
    stopped: false,
    scheduled: ({ attempt }) => log.push(`scheduled ${attempt}`),
    attempt: async () => {
      attempts++
      if (attempts !== succeedOn) throw new Error(`refused ${attempts}`)
      log.push(`connected ${attempts}`)
    },
    attemptFailed: (error) => log.push(`failed: ${(error as Error).message}`),
    gaveUp: (error) => {
      gaveUp = error
      log.push("gave up")
    },
  }
  return { reconnectHost, log, gaveUp: () => gaveUp }
}

describe("Reconnector", () => {
  it("tries again after each failure and starts counting afresh once connected", async () => {
    const reconnector = new Reconnector()
    const { reconnectHost, log } = host(2)
    await reconnector.run(reconnectHost)
    expect(log).toEqual(["scheduled 1", "failed: refused 1", "scheduled 2", "connected 2"])
    expect(reconnector.attempts).toBe(0)
  })

  it("gives up after maxReconnectAttempts with an error that says what to do", async () => {
    const reconnector = new Reconnector()
    const { reconnectHost, log, gaveUp } = host(0, 2)
    await reconnector.run(reconnectHost)
    expect(log).toEqual([
      "scheduled 1",
      "failed: refused 1",
      "scheduled 2",
      "failed: refused 2",
      "gave up",
    ])
    expect(gaveUp()).toMatchObject({ code: "CONNECTION_FAILED" })
    expect(gaveUp()?.message).toContain(
      "after 2 attempts; check the server and call connect() again",
    )
  })

  it("stops without an attempt when cancelled while waiting and the host is stopped", async () => {
    const reconnector = new Reconnector()
    const { reconnectHost, log } = host(1)
    const stoppedHost = { ...reconnectHost, reconnectDelay: 60_000, maxReconnectDelay: 60_000 }
    const running = reconnector.run(stoppedHost)
    stoppedHost.stopped = true
    reconnector.cancelWait()
    await running
    expect(log).toEqual(["scheduled 1"])
  })
})
