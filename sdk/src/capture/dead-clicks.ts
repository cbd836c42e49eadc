import type { ClickData } from '@clickstream/schema'
import { EVENT_TYPES } from '@clickstream/schema/constants'
import type { On } from '../core/listen.js'
import type { Emit } from './context.js'

/** How long a click has to show an effect. */
export const DEAD_CLICK_MS = 1000

/**
 * Elements that answer a click without changing the DOM (a field takes focus, a checkbox its
 * state, a link opens another tab or downloads), so they are never dead.
 */
const LIVELY = 'input,select,textarea,option,label,[contenteditable],a[target],a[download]'

/** Any change anywhere in the document counts as an effect. */
const EVERYTHING: MutationObserverInit = {
  subtree: true,
  childList: true,
  attributes: true,
  characterData: true,
}

/**
 * Returns the detector that hears every click and emits `clickstream.dead_click` for one after
 * which nothing happened within `DEAD_CLICK_MS`: no DOM change (a MutationObserver, connected
 * only while a click waits), no request started (`fetch` and `XMLHttpRequest.send` are wrapped to
 * notice; PerformanceObserver would only report a request once it completed), no scroll and no
 * navigation (the URL changed or the page was left).
 */
export const createDeadClicks = (emit: Emit, on: On) => {
  /** Clicks waiting for an effect: when, what, and the URL then. */
  let waiting: [at: number, click: ClickData, href: string][] = []
  const lively = () => {
    waiting = []
    observer.disconnect()
  }
  const observer = new MutationObserver(lively)
  const global = window as { fetch?: typeof fetch }
  const original = global.fetch
  if (original) {
    global.fetch = function (this: unknown, ...args: Parameters<typeof fetch>) {
      lively()
      return original.apply(this, args)
    }
  }
  const xhr = XMLHttpRequest.prototype
  const send = xhr.send
  xhr.send = function (this: XMLHttpRequest, ...args: Parameters<typeof send>) {
    lively()
    return send.apply(this, args)
  }
  on(window, 'scroll', lively)
  on(window, 'pagehide', lively)

  /** Decides the clicks whose window is over; one timer at a time, for the oldest waiting. */
  const decide = () => {
    timer = undefined
    const due = performance.now() - DEAD_CLICK_MS
    for (const [at, click, href] of waiting)
      if (at <= due && location.href === href) emit(EVENT_TYPES.deadClick, click)
    waiting = waiting.filter(([at]) => at > due)
    if (waiting.length) timer = setTimeout(decide, waiting[0]![0] - due)
    else observer.disconnect()
  }
  let timer: ReturnType<typeof setTimeout> | undefined

  return (click: ClickData, element: Element): void => {
    if (element.closest(LIVELY)) return
    if (!waiting.length) observer.observe(document, EVERYTHING)
    waiting.push([performance.now(), click, location.href])
    timer ||= setTimeout(decide, DEAD_CLICK_MS)
  }
}
