/**
 * The props tables of the Storybook docs (`.storybook/arg-types.ts`): react-docgen hands a prop
 * typed `X | undefined` to Storybook as a union, which it can only edit as a JSON object. Tested
 * here because the ui package is what those tables document; the inputs are the argTypes
 * Storybook builds from react-docgen's output for `ComposerProps`.
 */
import type { StrictArgTypes } from "storybook/internal/types"
import { describe, expect, it } from "vitest"
import { definedArgTypes } from "./arg-types.js"

const optional = (name: string) => ({
  name: "union" as const,
  raw: `${name} | undefined`,
  value: [{ name: name as "string" }, { name: "other" as const, value: "undefined" }],
})

function enhance(argTypes: StrictArgTypes): StrictArgTypes {
  // Only argTypes is read; the rest of the context does not matter to this enhancer.
  return definedArgTypes({ argTypes } as Parameters<typeof definedArgTypes>[0])
}

describe("the argTypes enhancer of the Storybook docs", () => {
  it("gives `string | undefined` a text control's type and keeps the written type in the table", () => {
    const result = enhance({
      placeholder: {
        name: "placeholder",
        type: optional("string"),
        table: { type: { summary: "union" } },
      },
    })
    expect(result.placeholder?.type).toEqual({ name: "string", raw: "string | undefined" })
    expect(result.placeholder?.table?.type?.summary).toBe("string | undefined")
  })

  it("turns `boolean | undefined` and `number | undefined` into their own types", () => {
    const result = enhance({
      autoFocus: { name: "autoFocus", type: optional("boolean") },
      virtualizeAbove: { name: "virtualizeAbove", type: optional("number") },
    })
    expect(result.autoFocus?.type?.name).toBe("boolean")
    expect(result.virtualizeAbove?.type?.name).toBe("number")
  })

  it("keeps a real union a union, without its undefined", () => {
    const result = enhance({
      value: {
        name: "value",
        type: {
          name: "union",
          value: [{ name: "string" }, { name: "number" }, { name: "other", value: "undefined" }],
        },
      },
    })
    expect(result.value?.type).toEqual({
      name: "union",
      value: [{ name: "string" }, { name: "number" }],
    })
  })

  it("edits a ReactNode prop (a title) as text", () => {
    const result = enhance({
      title: { name: "title", type: { name: "other", value: "ReactNode" } },
    })
    expect(result.title?.control).toEqual({ type: "text" })
  })

  it("leaves a table type that docgen already wrote alone", () => {
    const result = enhance({
      item: {
        name: "item",
        type: { name: "other", value: "CardItem", raw: "CardItem" },
        table: { type: { summary: "CardItem" } },
      },
    })
    expect(result.item?.table?.type?.summary).toBe("CardItem")
  })
})
