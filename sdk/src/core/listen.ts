import { log } from '../log.js'

/** Adds an event listener that never throws into the page. */
export type On = <E extends Event>(
  target: EventTarget,
  type: string,
  handler: (event: E) => void
) => void

/**
 * Adds a passive capture-phase listener (a page handler that stops propagation does not hide an
 * event from the SDK, and none delays scrolling), guarded so that an SDK error is logged, never
 * thrown into the page. The SDK lives as long as the page: nothing is ever removed.
 */
export const listen: On = (target, type, handler) =>
  target.addEventListener(
    type,
    (event) => {
      try {
        handler(event as Parameters<typeof handler>[0])
      } catch (error) {
        log('error', error)
      }
    },
    { capture: true, passive: true }
  )
