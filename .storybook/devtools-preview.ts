/**
 * The preview half of the aichatkit devtools panel (the manager half is manager.tsx): it finds
 * the adapter of the story being viewed (the first adapter anything subscribes to since the
 * last one: the story's controller does so as it connects), logs it with the devtools'
 * DevtoolsLog, and sends the new entries to the manager's panel over Storybook's channel (as
 * plain data; the panel shows them as text).
 * Storybook only: the library never patches the base class.
 */
import { adapterName, DevtoolsLog } from "@aichatkit/devtools"
import { NetworkAdapter } from "@aichatkit/network-adapter"
import { addons } from "storybook/preview-api"
import { DEVTOOLS_ENTRIES, DEVTOOLS_RESET } from "./devtools-preview-events.js"

const watched = new WeakSet<NetworkAdapter>()
let detach: (() => void) | undefined

function watch(adapter: NetworkAdapter): void {
  watched.add(adapter)
  detach?.()
  const channel = addons.getChannel()
  const log = new DevtoolsLog()
  let sent = 0
  const stopLog = log.attach(adapter)
  const stopListening = log.subscribe(() => {
    const fresh = log.entriesAfter(sent)
    sent = fresh.at(-1)?.sequence ?? sent
    if (fresh.length > 0) channel.emit(DEVTOOLS_ENTRIES, fresh)
  })
  channel.emit(DEVTOOLS_RESET, adapterName(adapter))
  detach = () => {
    stopListening()
    stopLog()
  }
}

const subscribe = NetworkAdapter.prototype.subscribe
NetworkAdapter.prototype.subscribe = function (this: NetworkAdapter, ...args) {
  if (!watched.has(this)) {
    try {
      watch(this)
    } catch {
      // The panel is a help, never a reason for a story to fail.
    }
  }
  return subscribe.apply(this, args)
}
