/**
 * The playground's browser tool: `getLocation` (what the demo agent calls on "location") asks
 * the user to pick a city instead of reading the real position, so it works the same in every
 * browser and in the headless tests.
 */
import type { BrowserToolContext, BrowserTools } from "@aichatkit/ui"

const cities = ["Oslo", "Bergen", "Tromsø"] as const

function CityPicker({ respond, fail }: Pick<BrowserToolContext, "respond" | "fail">) {
  return (
    <fieldset className="playground-city-picker">
      <legend>Where are you?</legend>
      {cities.map((city) => (
        <button key={city} type="button" onClick={() => respond({ city })}>
          {city}
        </button>
      ))}
      <button type="button" onClick={() => fail("The user would rather not say.")}>
        Rather not say
      </button>
    </fieldset>
  )
}

/** The tools the page implements, passed to the chat as `tools`. */
export const playgroundTools: BrowserTools = {
  getLocation: (_args, { respond, fail }) => <CityPicker respond={respond} fail={fail} />,
}
