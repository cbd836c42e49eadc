/**
 * The script-tag entry (built to `dist/clickstream.iife.js`): reads the options from its own
 * `<script>` element, starts the SDK, replays the calls queued by the snippet and from then on
 * runs `window.clickstream(...)` calls directly.
 */
import { createClickstream } from './clickstream.js'
import { runCommand, type Loader } from './tag/commands.js'
import { readTagOptions } from './tag/read-options.js'

const global = window as unknown as { clickstream?: Loader }

try {
  if (!global.clickstream?.loaded) {
    // `currentScript` is null when the tag was injected as a module or read after load.
    const script =
      document.currentScript || document.querySelector('script[data-endpoint][src*="clickstream"]')
    const api = createClickstream(readTagOptions(script))
    const queued = global.clickstream?.q || []
    const loader: Loader = (...args) => runCommand(api, args)
    loader.loaded = true
    global.clickstream = loader
    for (const command of queued) runCommand(api, command)
  }
} catch {
  // The page comes first: a tag that cannot start does nothing.
}
