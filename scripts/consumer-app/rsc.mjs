// Run with `node --conditions=react-server --import ./rsc-register.mjs rsc.mjs`: the
// environment of a Server Component in Next.js's App Router. @aichatkit/ui must be a client
// boundary ("use client"), so its components arrive as client references instead of code
// that calls createContext (missing from React's server build). The packages without React
// must import as they are.
const clientReference = Symbol.for("react.client.reference")

const ui = await import("@aichatkit/ui")
for (const name of ["ChatView", "ChatInterface", "ChatProvider", "useChat"]) {
  if (ui[name]?.$$typeof !== clientReference) {
    throw new Error(`@aichatkit/ui's ${name} is not a client reference under react-server`)
  }
}
console.log(
  `react-server: @aichatkit/ui is a client boundary (${Object.keys(ui).length} client references)`,
)

const serverSafe = [
  "@aichatkit/types",
  "@aichatkit/network-adapter",
  "@aichatkit/store",
  "@aichatkit/store/persist",
  "@aichatkit/testing",
  "@aichatkit/sse-adapter",
  "@aichatkit/haip-adapter",
  "@aichatkit/apollo-adapter",
]
for (const name of serverSafe) await import(name)
console.log(`react-server: ${serverSafe.join(", ")} import as they are`)
