/**
 * What the devtools call an adapter. Its class's name reads well (`SSEAdapter`), but a minified
 * build (the built Storybook, an app's production bundle) renames classes to a letter or to
 * nothing; NetworkAdapter has no name of its own to fall back on, so what such a build gets is
 * "adapter" (the panel adds the wires it is seen on).
 */
import { NetworkAdapter } from "@aichatkit/network-adapter"

/** The name of the adapter's class where the build kept class names, else "adapter". */
export function adapterName(adapter: NetworkAdapter): string {
  // A minifier that renames the adapter's class renames NetworkAdapter's in the same pass.
  const namesKept = NetworkAdapter.name === "NetworkAdapter"
  const className = adapter.constructor.name
  return namesKept && className !== "" ? className : "adapter"
}
