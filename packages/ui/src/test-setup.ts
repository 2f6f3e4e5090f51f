/**
 * Testing Library's `findBy…` and `waitFor` wait for what a test needs; their default deadline
 * (1 s) is shorter than a streamed turn takes on a shared machine with both cores busy, so a
 * slow run failed where a fast one passed. Waiting longer costs nothing when the event comes.
 */
import { configure } from "@testing-library/react"

configure({ asyncUtilTimeout: 10_000 })
