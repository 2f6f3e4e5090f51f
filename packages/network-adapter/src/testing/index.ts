/** The one fold of events into items, also exported here for the suites that used it from here. */
export { foldEvents } from "../item-fold.js"
export { type ConformanceOptions, describeAdapterConformance } from "./conformance.js"
export { nextEvent } from "./conformance-support.js"
export { checkEventOrder, type EventOrderOptions } from "./event-order.js"
