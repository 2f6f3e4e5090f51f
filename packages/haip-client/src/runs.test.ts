import { describe, expect, it } from "vitest"
import { RunRegistry } from "./runs.js"
import type { HAIPMessage } from "./types.js"

const frame = (fields: Partial<HAIPMessage>): HAIPMessage =>
  ({
    id: "f",
    ts: "1",
    channel: "SYSTEM",
    transaction: null,
    payload: {},
    ...fields,
  }) as HAIPMessage

describe("RunRegistry", () => {
  it("follows the server's RUN_STARTED and RUN_FINISHED (status and summary)", () => {
    const runs = new RunRegistry()
    runs.observe(frame({ type: "RUN_STARTED", run_id: "r1", thread_id: "t1" }))
    expect(runs.active()).toMatchObject([{ runId: "r1", threadId: "t1", status: "ACTIVE" }])
    runs.observe(
      frame({ type: "RUN_FINISHED", run_id: "r1", payload: { status: "ERROR", summary: "boom" } }),
    )
    expect(runs.activeCount).toBe(0)
    expect(runs.get("r1")).toMatchObject({ status: "ERROR", summary: "boom" })
  })

  it("reads an unknown or missing RUN_FINISHED status as OK, and a repeated RUN_STARTED changes nothing", () => {
    const runs = new RunRegistry()
    runs.started("r1", "mine", { a: 1 })
    runs.observe(frame({ type: "RUN_STARTED", run_id: "r1", thread_id: "theirs" }))
    expect(runs.get("r1")).toMatchObject({ threadId: "mine", metadata: { a: 1 } })
    runs.observe(frame({ type: "RUN_FINISHED", run_id: "r1", payload: { status: "WHATEVER" } }))
    expect(runs.get("r1")?.status).toBe("OK")
  })

  it("keeps the last 100 finished runs and every active one", () => {
    const runs = new RunRegistry()
    runs.started("active")
    for (let index = 0; index < 150; index++) runs.ended(`done-${index}`, "OK")
    expect(runs.get("done-49")).toBeUndefined()
    expect(runs.get("done-50")).toMatchObject({ status: "OK" })
    expect(runs.get("active")?.status).toBe("ACTIVE")
  })

  it("hands out copies: changing one does not change the registry", () => {
    const runs = new RunRegistry()
    runs.started("r1")
    const copy = runs.get("r1")
    if (copy) copy.status = "CANCELLED"
    expect(runs.get("r1")?.status).toBe("ACTIVE")
  })
})
