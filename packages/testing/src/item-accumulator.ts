/**
 * `ItemAccumulator` is the testing kit's older name for network-adapter's `ItemFold`, the one
 * fold of events into items; kept so that code written against it (the demo server's, apps')
 * goes on working. New code imports `ItemFold` from @aichatkit/network-adapter.
 */
export { ItemFold as ItemAccumulator } from "@aichatkit/network-adapter"
