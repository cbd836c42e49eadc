import { METHODS, type Clickstream } from '../clickstream.js'

/** The arguments of one `clickstream(method, ...args)` call, as the stub keeps them. */
export type Command = ArrayLike<unknown>

/** `window.clickstream`: the snippet's stub before the tag loads, the command runner after. */
export interface Loader {
  (...args: unknown[]): unknown
  /** Calls made before the tag loaded (the snippet pushes `arguments`). */
  q?: Command[]
  /** Set by the loaded tag, so a second copy of the tag does not start twice. */
  loaded?: boolean
}

/**
 * Runs one command against the API: `('track', name, properties)`, `('page')`,
 * `('identify', userId, traits)`, `('reset')`, `('consent', decision)`, `('flush')`,
 * `('debug', on)`. Answers what the method answers; unknown methods are ignored.
 */
export const runCommand = (api: Clickstream, command: Command): unknown => {
  const [method, ...args] = Array.from(command)
  if (!METHODS.includes(method as (typeof METHODS)[number])) return undefined
  return (api[method as (typeof METHODS)[number]] as (...args: unknown[]) => unknown)(...args)
}
