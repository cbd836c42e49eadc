/** How {@link retry} waits between attempts. */
export interface RetryOptions {
  /**
   * Attempts after the first one.
   * @defaultValue `3`
   */
  retries?: number
  /**
   * Delay before the first retry, in ms; each next one doubles, with full jitter.
   * @defaultValue `200`
   */
  initialDelayMs?: number
  /**
   * Longest delay, in ms.
   * @defaultValue `10000`
   */
  maxDelayMs?: number
  /** Waits `ms`; injected so tests do not sleep. @defaultValue `setTimeout` */
  sleep?: (ms: number) => Promise<void>
  /** A number in [0, 1); injected so tests are deterministic. @defaultValue `Math.random` */
  random?: () => number
  /** Whether an error is worth retrying. @defaultValue every error but a `TypeError` (a bug) */
  retriable?: (error: unknown) => boolean
}

const defaults = {
  retries: 3,
  initialDelayMs: 200,
  maxDelayMs: 10_000,
  sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
  retriable: (error: unknown) => !(error instanceof TypeError),
} satisfies Required<RetryOptions>

/**
 * Runs `attempt` until it resolves, retrying with exponential backoff and full jitter, and
 * throws the last error once the retries are spent or the error is not retriable.
 */
export async function retry<T>(attempt: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const { retries, initialDelayMs, maxDelayMs, sleep, random, retriable } = {
    ...defaults,
    ...options,
  }
  for (let attemptNumber = 0; ; attemptNumber++) {
    try {
      return await attempt()
    } catch (error) {
      if (attemptNumber >= retries || !retriable(error)) throw error
      const ceiling = Math.min(maxDelayMs, initialDelayMs * 2 ** attemptNumber)
      await sleep(Math.floor(random() * ceiling))
    }
  }
}
