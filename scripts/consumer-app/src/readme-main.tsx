// The root README's example as a page: its App (MyAdapter, which posts to /api/chat/…) mounted
// as the README shows. The browser check has no such endpoint, so the send fails.
import { createRoot } from "react-dom/client"
import { App } from "./readme-example.js"

const container = document.getElementById("root")
if (container === null) throw new Error("readme.html has no #root")
createRoot(container).render(<App />)
