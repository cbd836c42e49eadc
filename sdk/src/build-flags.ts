/**
 * Build-time flags. `rollup.config.mjs` replaces the `__CS_*__` names per build variant and
 * the minifier drops the branches a variant turns off; the fallbacks serve tests and bundlers
 * that compile `src/` directly (the `source` export condition).
 */
declare const __CS_VERSION__: string | undefined
declare const __CS_LOGS__: boolean | undefined
declare const __CS_AUTOCAPTURE__: boolean | undefined

/** The SDK version, from package.json. */
export const VERSION = typeof __CS_VERSION__ == 'string' ? __CS_VERSION__ : 'source'

/** Whether the `debug` option's console messages are compiled in. */
export const LOGS = typeof __CS_LOGS__ == 'boolean' ? __CS_LOGS__ : true

/** Whether the autocapture modules are compiled in (the core build leaves them out). */
export const AUTOCAPTURE = typeof __CS_AUTOCAPTURE__ == 'boolean' ? __CS_AUTOCAPTURE__ : true
