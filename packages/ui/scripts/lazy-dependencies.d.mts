/** Dependencies only dynamically imported modules use; see lazy-dependencies.mjs. */
export declare const lazyDependencies: string[]
