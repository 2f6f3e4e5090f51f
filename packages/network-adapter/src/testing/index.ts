export { type ConformanceOptions, describeAdapterConformance } from "./conformance.js"
export { checkEventOrder, type EventOrderOptions } from "./event-order.js"
export { foldEvents } from "./fold-events.js"
