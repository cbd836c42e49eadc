import type { PageViewData } from '@clickstream/schema'
import type { On } from '../core/listen.js'
import type { KeyValueStore } from '../core/storage.js'
import type { ScrollDepth } from './scroll-depth.js'

/** The page a visitor left, as the SDK measured it. */
export type PreviousPage = NonNullable<PageViewData['previous']>

/** sessionStorage key in which a page hands its measures to the next page load of the tab. */
export const PREVIOUS_PAGE_KEY = 'cs_prev'

/**
 * Measures the page being shown: its path, the time it was visible and its deepest scroll.
 * `leave()` answers those measures and starts counting anew; `enter()` records the new path once
 * the next page is shown. A page that is left by a real navigation hands its measures to the next
 * page load of the same tab through `handoff` (sessionStorage), which `loaded()` answers when the
 * new page's referrer is that page.
 */
export const createPreviousPage = (
  on: On,
  now: () => number,
  depth: ScrollDepth,
  handoff: KeyValueStore
) => {
  let path = location.pathname
  let visible = 0
  let since = now()
  const measure = (): PreviousPage => ({
    path: path.slice(0, 2048),
    durationMs: Math.round(visible + (document.visibilityState === 'visible' ? now() - since : 0)),
    maxScrollDepth: depth.max(),
  })
  on(document, 'visibilitychange', () => {
    if (document.visibilityState === 'visible') since = now()
    else visible += now() - since
  })
  on(window, 'pagehide', () => handoff.set(PREVIOUS_PAGE_KEY, JSON.stringify(measure())))

  let loaded: PreviousPage | undefined
  try {
    const stored = JSON.parse(handoff.get(PREVIOUS_PAGE_KEY)!) as PreviousPage | null
    const referrer = new URL(document.referrer)
    if (stored && referrer.origin === location.origin && referrer.pathname === stored.path)
      loaded = stored
  } catch {
    // No referrer, another site's, or nothing handed over.
  }
  handoff.remove(PREVIOUS_PAGE_KEY)

  return {
    loaded: () => loaded,
    leave: (): PreviousPage => {
      const previous = measure()
      visible = 0
      since = now()
      depth.reset()
      return previous
    },
    enter: (): void => {
      path = location.pathname
    },
  }
}
