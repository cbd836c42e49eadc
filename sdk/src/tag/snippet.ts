/**
 * The copy-paste loader stub (built to `dist/snippet.js`): until the tag has loaded,
 * `clickstream(...)` calls queue up in `clickstream.q`, and the tag replays them. It names
 * `window.clickstream` every time, so the minified snippet declares no global of its own.
 */
import type { Loader } from './commands.js'

declare const window: Window & { clickstream: Loader }

window.clickstream =
  window.clickstream ||
  function () {
    // eslint-disable-next-line prefer-rest-params -- `arguments` keeps the snippet tiny
    ;(window.clickstream.q = window.clickstream.q || []).push(arguments)
  }
