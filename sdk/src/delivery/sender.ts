import { log } from '../log.js'
import { retryDelay } from './backoff.js'
import type { EventQueue } from './queue.js'
import { retriable, type Answer } from './transport.js'

/** Queued bytes that trigger a send: half a request, so bodies stay well inside 60 KB. */
export const BATCH_BYTES = 30 * 1024

/** What the sender needs; time and randomness are injected (and tests fake the timers). */
export interface SenderOptions {
  queue: EventQueue
  post: (body: string) => Promise<Answer>
  beacon: (body: string) => boolean
  /** Queued events that trigger a send. */
  batchSize: number
  /** Milliseconds a queued event waits at most. */
  flushInterval: number
  now: () => number
  random?: () => number
}

/**
 * Decides when queued events go out and what becomes of them: a send when `batchSize` events or
 * `BATCH_BYTES` are queued, or `flushInterval` after the first; one request at a time, because
 * all keepalive requests in flight share a 64 KiB quota, and events that came in meanwhile go
 * next only when they make a full batch again. A failed send is retried after a
 * backoff (or the collector's `Retry-After`) with the same events and ids; a refused one is
 * dropped and reported with `debug`.
 */
export const createSender = ({
  queue,
  post,
  beacon,
  batchSize,
  flushInterval,
  now,
  random,
}: SenderOptions) => {
  let timer: ReturnType<typeof setTimeout> | undefined
  let sending: Promise<void> | undefined
  /** Failed sends in a row; while there are any, new events wait for the retry. */
  let failures = 0

  const schedule = (ms: number) => {
    clearTimeout(timer)
    timer = setTimeout(() => {
      timer = undefined
      void flush()
    }, ms)
  }
  const stamp = () => new Date(now()).toISOString()

  /** Whether a full batch waits: then it goes now, else when the interval is over. */
  const full = () => queue.size() >= batchSize || queue.bytes() >= BATCH_BYTES

  const sendAll = async (all?: boolean): Promise<void> => {
    for (let batch = queue.take(stamp()); batch; batch = queue.take(stamp())) {
      const [status, retryAfter] = await post(batch.body)
      const retry = retriable(status)
      queue.settle(batch, !retry, !status)
      if (retry) {
        const wait = retryDelay(++failures, retryAfter, random)
        log('send failed', status || 'offline', 'retry in', Math.round(wait), 'ms')
        return schedule(wait)
      }
      failures = 0
      if (status > 299) log('collector refused', batch.entries.length, 'events:', status)
      // What came in meanwhile waits to make a batch (its `added` armed the timer): each request
      // costs the page far more than an event does.
      if (!all && !full()) return
    }
  }

  /**
   * Sends everything queued now, one request after the other, until the queue is empty or a
   * send failed (which schedules the retry); never rejects.
   */
  const flush = (all = true): Promise<void> =>
    // `finally` runs in a later microtask, so `sending` is cleared only after it was set.
    (sending ||= sendAll(all)
      .catch((error: unknown) => log('send failed', error))
      .finally(() => (sending = undefined)))

  return {
    flush: () => flush(),
    /** A new event was queued. */
    added: (): void => {
      if (failures) return
      if (full()) void flush(false)
      else if (timer === undefined) schedule(flushInterval)
    },
    /**
     * The page is hidden or going away: beacons what waits, unless offline or the collector is
     * failing (then it would be lost), and hands the rest to the next tab that adopts it.
     */
    leave: (): void => {
      if (navigator.onLine && !failures) {
        for (let batch = queue.take(stamp()); batch; batch = queue.take(stamp())) {
          const sent = beacon(batch.body)
          queue.settle(batch, sent)
          if (!sent) break
        }
      }
      queue.release()
    },
  }
}

/** The sender of one tab. */
export type Sender = ReturnType<typeof createSender>
