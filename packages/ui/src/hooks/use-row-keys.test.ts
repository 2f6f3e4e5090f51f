import { describe, expect, it } from "vitest"
import { carryRowKeys, type ShownRows } from "./use-row-keys.js"

const none: ReadonlyMap<string, string> = new Map()
const shown = (
  itemIds: string[],
  pendingUserItemId?: string,
  keys: ReadonlyMap<string, string> = none,
): ShownRows => ({ itemIds, pendingUserItemId, keys })

describe("carryRowKeys", () => {
  it.each([
    ["no optimistic item", shown(["a", "b"]), ["a", "b", "c"], []],
    ["the optimistic item still waits", shown(["a", "local"], "local"), ["a", "local", "c"], []],
    [
      "the server's copy takes its place",
      shown(["a", "local"], "local"),
      ["a", "server", "reply"],
      [["server", "local"]],
    ],
    ["it was the only item", shown(["local"], "local"), ["server", "reply"], [["server", "local"]]],
    [
      "it went and an item already shown moved up",
      shown(["a", "local", "b"], "local"),
      ["a", "b"],
      [],
    ],
    ["it went and nothing took its place", shown(["a", "local"], "local"), ["a"], []],
  ] as const)("%s", (_case, before, itemIds, expected) => {
    expect([...carryRowKeys(before, itemIds)]).toEqual(expected)
  })

  it("keeps the keys carried before, and returns the same map when nothing changes", () => {
    const keys = new Map([["first-server", "first-local"]])
    const before = shown(["first-server", "reply", "local"], "local", keys)
    expect([...carryRowKeys(before, ["first-server", "reply", "server"])]).toEqual([
      ["first-server", "first-local"],
      ["server", "local"],
    ])
    expect(carryRowKeys(shown(["first-server"], undefined, keys), ["first-server", "x"])).toBe(keys)
  })
})
