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
    // A classic script, async or not, is `currentScript` while it runs.
    const api = createClickstream(
      readTagOptions(document.currentScript as HTMLScriptElement | null)
    )
    const queued = global.clickstream?.q || []
    const loader: Loader = (...args) => runCommand(api, args)
    loader.loaded = true
    global.clickstream = loader
    for (const command of queued) runCommand(api, command)
  }
} catch {
  // The page comes first: a tag that cannot start does nothing.
}
