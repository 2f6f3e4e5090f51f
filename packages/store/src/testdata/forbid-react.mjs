// A Node module hook that makes "react" (and anything under it) impossible to resolve, so a
// graph that imports React fails to load. Registered with `node --import`.
import { register } from "node:module"

const hook = `
export async function resolve(specifier, context, next) {
  if (/^(react|react-dom)(\\/|$)/.test(specifier)) {
    throw new Error("forbidden import of " + specifier + " from " + context.parentURL)
  }
  return next(specifier, context)
}
`
register(`data:text/javascript,${encodeURIComponent(hook)}`)
