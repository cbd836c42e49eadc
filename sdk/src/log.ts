import { LOGS } from './build-flags.js'

/** Writes a debug message; does nothing unless the `debug` option is on. */
export type Log = (...args: unknown[]) => void

/** The debug log: console messages prefixed `[clickstream]`, or nothing. */
export const createLog = (enabled: boolean): Log =>
  LOGS && enabled ? (...args) => console.log('[clickstream]', ...args) : () => {}
