// React's own Node loader for React Server Components: a module that starts with "use client"
// becomes client references, as Next.js's bundler does, instead of being run on the server.
// Hooks registered later run first: React's loader asks the text hook for each source.
import { register } from "node:module"

register("./rsc-source-text.mjs", import.meta.url)
register("react-server-dom-webpack/node-loader", import.meta.url)
