import { setTimeout as delay } from 'node:timers/promises'
import { withDefaults } from '../config.js'
import { isCollectorError } from '../errors.js'

/** How {@link retry} spaces its attempts and when it gives up. */
export interface RetryOptions {
  /**
   * Attempts after the first one; `Infinity` retries until success or `signal` aborts.
   * @defaultValue `Infinity`
   */
  retries?: number
  /**
   * Wait before the first retry, in ms; each next wait is `factor` times longer.
   * @defaultValue `300`
   */
  initialDelayMs?: number
  /**
   * Longest wait between attempts, in ms.
   * @defaultValue `5000`
   */
  maxDelayMs?: number
  /**
   * Growth of the wait from one retry to the next.
   * @defaultValue `2`
   */
  factor?: number
  /**
   * Share of each wait that is randomised (±), so that many callers do not retry in step.
   * @defaultValue `0.2`
   */
  jitter?: number
  /**
   * Waits `ms`; rejects when `signal` aborts. Tests pass a fake so they never sleep.
   * @defaultValue `setTimeout` from `node:timers/promises`
   */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
  /**
   * A number in [0, 1) for the jitter.
   * @defaultValue `Math.random`
   */
  random?: () => number
  /**
   * Stops retrying: the pending wait rejects with the abort reason.
   * @defaultValue never aborted
   */
  signal?: AbortSignal
  /**
   * Called before each wait with the failure, the attempt that failed (from 1) and the wait.
   * @defaultValue does nothing
   */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void
}

type Timing = Omit<RetryOptions, 'signal' | 'onRetry' | 'sleep' | 'random'>

const defaults = {
  retries: Infinity,
  initialDelayMs: 300,
  maxDelayMs: 5_000,
  factor: 2,
  jitter: 0.2,
} satisfies Required<Timing>

const defaultSleep = (ms: number, signal?: AbortSignal) =>
  delay(ms, undefined, { signal }).then(() => undefined)

// Programmer errors fail the same way every time (KafkaJS retry/index.js keeps the same list).
const programmerErrors = new Set(['TypeError', 'RangeError', 'ReferenceError', 'SyntaxError'])

/** Whether retrying may help: not a programmer error, nor a collector error marked final. */
export function isRetriable(error: unknown): boolean {
  if (isCollectorError(error)) return error.retriable
  return !(error instanceof Error && programmerErrors.has(error.name))
}

/** The wait before retry number `attempt` (from 1): exponential, capped, with jitter. */
export function backoffDelay(attempt: number, options: RetryOptions = {}, random = Math.random) {
  const { initialDelayMs, maxDelayMs, factor, jitter } = withDefaults<Timing>(defaults, options)
  const base = Math.min(initialDelayMs * factor ** (attempt - 1), maxDelayMs)
  return Math.round(base * (1 - jitter + 2 * jitter * random()))
}

/**
 * Runs `task` until it resolves, waiting longer after each failure; rethrows the last failure
 * once `retries` are spent or the failure is not {@link isRetriable}.
 *
 * @example
 * await retry(() => publisher.publish(records), { signal: stopping.signal })
 */
export async function retry<T>(
  task: (attempt: number) => Promise<T>,
  options: RetryOptions = {}
): Promise<T> {
  const { retries } = withDefaults<Timing>(defaults, options)
  const { sleep = defaultSleep, random = Math.random, signal, onRetry } = options
  for (let attempt = 1; ; attempt++) {
    signal?.throwIfAborted()
    try {
      return await task(attempt)
    } catch (error) {
      signal?.throwIfAborted()
      if (attempt > retries || !isRetriable(error)) throw error
      const wait = backoffDelay(attempt, options, random)
      onRetry?.(error, attempt, wait)
      await sleep(wait, signal)
    }
  }
}
