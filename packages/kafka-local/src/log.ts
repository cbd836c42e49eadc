/** Receives one human-readable progress line at a time. */
export type LogFunction = (message: string) => void

/** Default progress sink of the package: one prefixed line on stderr, keeping stdout for data. */
export function logToStderr(message: string): void {
  process.stderr.write(`[kafka-local] ${message}\n`)
}

/** Milliseconds as `7.2 s`, the unit of every duration this package prints. */
export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`
}
