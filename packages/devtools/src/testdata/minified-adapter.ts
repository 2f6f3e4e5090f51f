/**
 * Built minified by `.storybook/devtools-preview.test.ts`, as Storybook's build minifies the
 * preview: what a story's adapter is called there.
 */
import { MemoryAdapter } from "@aichatkit/testing"
import { adapterName } from "../adapter-name.js"

const adapter = new MemoryAdapter()

/** The class's name after minification (a letter, or nothing). */
export const className = adapter.constructor.name
/** What the devtools call it. */
export const name = adapterName(adapter)
