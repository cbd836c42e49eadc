import { EVENT_TYPES } from '@clickstream/schema/constants'
import type { CaptureContext } from './context.js'

/** The milestones of `clickstream.scroll_depth`, in percent of the page. */
export const MILESTONES = [25, 50, 75, 100] as const

/** Scroll events are measured at most this often: reading the page height costs a layout. */
export const SCROLL_THROTTLE_MS = 100

/** How far down the page the bottom of the viewport is, in whole percent (100 for short pages). */
export const scrollPercent = (scrollY: number, viewport: number, height: number): number =>
  height > viewport ? Math.min(100, Math.round(((scrollY + viewport) / height) * 100)) : 100

/**
 * Follows the deepest scroll of the current page (`max()`, `reset()` for the next page of a
 * single-page app) and, with `milestones`, emits `clickstream.scroll_depth` the first time each
 * milestone is passed.
 */
export const createScrollDepth = (
  { emit, on }: Pick<CaptureContext, 'emit' | 'on'>,
  milestones: boolean
) => {
  let max = 0
  let reached = 0
  let waiting = false
  const measure = () => {
    const root = document.documentElement
    max = Math.max(max, scrollPercent(scrollY, innerHeight, root.scrollHeight))
  }
  const check = () => {
    measure()
    while (milestones && reached < MILESTONES.length && MILESTONES[reached]! <= max)
      emit(EVENT_TYPES.scrollDepth, { depth: MILESTONES[reached++]! })
  }
  // At the first scroll event and at most every `SCROLL_THROTTLE_MS` after, the last included.
  on(window, 'scroll', () => {
    if (waiting) return
    waiting = true
    check()
    setTimeout(() => {
      waiting = false
      check()
    }, SCROLL_THROTTLE_MS)
  })
  return {
    /** The deepest scroll of the current page so far, in percent. */
    max: (): number => (measure(), max),
    reset: (): void => {
      max = reached = 0
    },
  }
}

/** The scroll depth of the current page. */
export type ScrollDepth = ReturnType<typeof createScrollDepth>
