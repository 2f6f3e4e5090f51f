import type { Metafile } from "esbuild"

/** The output paths of `metafile` that load up front from the `<stdin>` entry. */
export function eagerOutputs(metafile: Metafile): Set<string>

/** The source files a bundle of the module `contents`, resolved from `resolveDir`, loads up front. */
export function loadedUpFront(contents: string, resolveDir: string): Promise<string[]>
