/**
 * Calls `callback` whenever the page may be going away: `visibilitychange` to hidden is the
 * last event mobile browsers reliably fire, `pagehide` covers navigations on desktop. Never
 * `unload` or `beforeunload`, which keep pages out of the back/forward cache
 * (https://developer.chrome.com/docs/web-platform/page-lifecycle-api#the_unload_event).
 * Returns the function that stops listening.
 */
export const onPageExit = (callback: () => void): (() => void) => {
  const onVisibility = () => {
    if (document.visibilityState === 'hidden') callback()
  }
  addEventListener('pagehide', callback)
  document.addEventListener('visibilitychange', onVisibility)
  return () => {
    removeEventListener('pagehide', callback)
    document.removeEventListener('visibilitychange', onVisibility)
  }
}
