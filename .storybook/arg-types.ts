/**
 * Props typed `X | undefined` (as `exactOptionalPropertyTypes` asks) reach Storybook as a
 * union with `undefined`, which it can only offer as a JSON object ("Set object"). This
 * enhancer drops the `undefined` so such a prop gets the control of `X`: a text field for a
 * string, a switch for a boolean, a number field for a number. The props table still shows the
 * type as written.
 */
import type { ArgTypesEnhancer, SBType, StrictInputType } from "storybook/internal/types"

function isUndefined(type: SBType): boolean {
  return type.name === "other" && type.value === "undefined"
}

/** `X | undefined` as `X` when X is one type; any other type as it is. */
export function withoutUndefined(type: SBType): SBType {
  if (type.name !== "union") return type
  const defined = type.value.filter((member) => !isUndefined(member))
  if (defined.length === 1 && defined[0] !== undefined) {
    return { ...defined[0], ...(type.raw === undefined ? {} : { raw: type.raw }) }
  }
  return { ...type, value: defined }
}

/** A `ReactNode` prop (a title, a placeholder) is edited as text. */
function isReactNode(type: SBType): boolean {
  return type.name === "other" && type.value === "ReactNode"
}

/** The table shows the type as written (`string | undefined`), not Storybook's "union". */
function tableWithRawType(argType: StrictInputType): StrictInputType["table"] {
  const raw = argType.type?.raw
  const summary = argType.table?.type?.summary
  if (raw === undefined || (summary !== undefined && summary !== "union")) return argType.table
  return { ...argType.table, type: { ...argType.table?.type, summary: raw } }
}

function enhance(argType: StrictInputType): StrictInputType {
  if (argType.type === undefined) return argType
  const type = withoutUndefined(argType.type)
  const table = tableWithRawType(argType)
  const enhanced = { ...argType, type, ...(table === undefined ? {} : { table }) }
  if (isReactNode(type) && argType.control === undefined) {
    return { ...enhanced, control: { type: "text" } }
  }
  return enhanced
}

/** Runs after react-docgen's props and before Storybook picks each prop's control. */
export const definedArgTypes: ArgTypesEnhancer = ({ argTypes }) =>
  Object.fromEntries(
    Object.entries(argTypes).map(([name, argType]) => [name, enhance(argType)]),
  ) as typeof argTypes
