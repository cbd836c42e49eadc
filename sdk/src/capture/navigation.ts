import type { On } from '../core/listen.js'
import type { Navigation } from './page-views.js'

/**
 * Calls `navigate` whenever a single-page app changes the URL: `history.pushState` and
 * `replaceState` (wrapped, since no event announces them), back and forward (`popstate`) and
 * fragment changes (`hashchange`). A `replaceState` that keeps the URL, or the `hashchange` that
 * follows a `popstate`, is no navigation; a `popstate` that changes only the fragment (browsers
 * fire one for fragment navigation too) is a `hash` navigation.
 */
export const captureNavigation = (on: On, navigate: (navigation: Navigation) => void): void => {
  let url = location.href
  const path = (href: string) => href.replace(/#.*/, '')
  const changed = (navigation: Navigation) => {
    const previous = url
    if ((url = location.href) === previous) return
    navigate(navigation === 'pop' && path(url) === path(previous) ? 'hash' : navigation)
  }
  for (const [method, navigation] of [
    ['pushState', 'push'],
    ['replaceState', 'replace'],
  ] as const) {
    const original = history[method]
    history[method] = function (this: History, ...args: Parameters<History['pushState']>) {
      original.apply(this, args)
      try {
        changed(navigation)
      } catch {
        // The app's navigation matters more than its page view.
      }
    }
  }
  on(window, 'popstate', () => changed('pop'))
  on(window, 'hashchange', () => changed('hash'))
}
