/**
 * Calls `leave` whenever the page may be going away: `visibilitychange` to hidden is the last
 * event mobile browsers reliably fire, `pagehide` covers navigations on desktop. Never `unload` or
 * `beforeunload`, which keep pages out of the back/forward cache
 * (https://developer.chrome.com/docs/web-platform/page-lifecycle-api#the_unload_event).
 */
export const onPageExit = (
  on: (target: EventTarget, type: string, handler: () => void) => void,
  leave: () => void
): void => {
  on(window, 'pagehide', leave)
  on(document, 'visibilitychange', () => {
    if (document.visibilityState === 'hidden') leave()
  })
}
