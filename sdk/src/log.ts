import { LOGS } from './build-flags.js'

let enabled = false

/**
 * Writes a debug message (`[clickstream] …`) to the console while debugging is on. A build
 * without logs compiles it, and every call with it, out.
 */
export const log = (...args: unknown[]): void => {
  if (LOGS && enabled) console.log('[clickstream]', ...args)
}

/** Turns the debug messages on or off. */
export const setDebug = (on: boolean): void => {
  enabled = on
}
