import react from "@vitejs/plugin-react"
import { defaultClientConditions, defineConfig } from "vite"

// `@aichatkit/source` resolves workspace packages to their TypeScript sources: no build first.
export default defineConfig({
  plugins: [react()],
  resolve: { conditions: ["@aichatkit/source", ...defaultClientConditions] },
  server: { host: "127.0.0.1", port: 5173 },
  preview: { host: "127.0.0.1", port: 4173 },
})
