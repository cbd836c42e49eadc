import type { KeyValueStore } from '../core/storage.js'
import { onPageExit } from '../delivery/page-exit.js'
import type { AutocaptureOptions } from '../options.js'
import { captureClicks } from './clicks.js'
import type { CaptureContext } from './context.js'
import { captureForms } from './forms.js'
import { captureGestures } from './gestures.js'
import { captureNavigation } from './navigation.js'
import type { Navigation } from './page-views.js'
import { createPreviousPage, type PreviousPage } from './previous-page.js'
import { createScrollDepth } from './scroll-depth.js'

/** Records a page view; `previous` describes the page left for it. */
export type PageView = (navigation: Navigation, previous?: PreviousPage) => void

/**
 * Starts the capture modules that `kinds` turns on, and answers the page view function that
 * `page()` should use (one that measures the previous page), if page views are captured.
 * Declared actions (`data-cs-action`) are markup the site wrote, so they are always on.
 */
export const startAutocapture = (
  context: CaptureContext,
  kinds: Required<AutocaptureOptions>,
  pageView: PageView,
  now: () => number,
  handoff: KeyValueStore
): ((navigation: Navigation) => void) | undefined => {
  captureClicks(context, kinds)
  // A device without touch input never makes a gesture: its clicks need no pointer listener.
  if (kinds.gestures && navigator.maxTouchPoints > 0) captureGestures(context)
  if (kinds.forms) captureForms(context)
  const depth =
    (kinds.scrollDepth || kinds.pageViews) && createScrollDepth(context, kinds.scrollDepth)
  if (!depth || !kinds.pageViews) return undefined

  /** Records the page view of a navigation that still waits for its timer. */
  let pending: (() => void) | undefined
  // A page left before that timer ran (closed, or a frame removed in the same task) records it
  // now: first of the exit listeners, before the page's measures are handed to the next page
  // load and before the sender's beacon (the SDK starts autocapture first).
  onPageExit(context.on, () => pending?.())
  const page = createPreviousPage(context.on, now, depth, handoff)
  const show = (navigation: Navigation, previous?: PreviousPage) => {
    page.enter()
    pageView(navigation, previous)
  }
  show('load', page.loaded())
  // The app renders the new route after it changed the URL: the page view waits for the title,
  // and navigations within one task (a redirect) make one page view.
  let navigation: Navigation
  captureNavigation(context.on, (how) => {
    navigation = how
    if (pending) return
    const previous = page.leave()
    pending = () => {
      pending = undefined
      show(navigation, previous)
    }
    setTimeout(() => pending?.())
  })
  return (how) => show(how, page.leave())
}
