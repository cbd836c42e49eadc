import type { ClickData } from '@clickstream/schema'
import { EVENT_TYPES } from '@clickstream/schema/constants'
import type { On } from '../core/listen.js'
import type { Emit } from './context.js'

/** Clicks in a row that make a rage click, each within `RAGE_GAP_MS` of the one before… */
export const RAGE_CLICKS = 3
export const RAGE_GAP_MS = 1000
/** …and within this many CSS pixels of the first (PostHog's thresholds). */
export const RAGE_RADIUS = 30

/**
 * Returns the detector that hears every click (its data and time, in ms): when a series of at
 * least `RAGE_CLICKS` ends (a pause of `RAGE_GAP_MS`, a click elsewhere, the page going away), it
 * emits one `clickstream.rage_click` with the first click's element and position and the count.
 * The single clicks are sent too. One timer per series, not per click: clicks stay cheap.
 */
export const createRageClicks = (
  emit: Emit,
  on: On,
  setTimer = (callback: () => void, ms: number): unknown => setTimeout(callback, ms),
  now = () => performance.now()
) => {
  let first: ClickData | undefined
  let count = 0
  let last = 0
  let waiting = false
  const end = () => {
    if (first && count >= RAGE_CLICKS)
      emit(EVENT_TYPES.rageClick, { ...first, clicks: Math.min(count, 1000) })
    first = undefined
  }
  // Wakes up a gap after the last click it knows of; clicks since then push the end further.
  const wait = (ms: number) => {
    waiting = true
    setTimer(() => {
      const left = last + RAGE_GAP_MS - now()
      if (left > 0) return wait(left)
      waiting = false
      end()
    }, ms)
  }
  on(window, 'pagehide', end)
  return (click: ClickData, at: number): void => {
    if (
      first &&
      at - last <= RAGE_GAP_MS &&
      Math.hypot(click.x - first.x, click.y - first.y) <= RAGE_RADIUS
    ) {
      count++
    } else {
      end()
      first = click
      count = 1
    }
    last = at
    if (!waiting) wait(RAGE_GAP_MS)
  }
}
