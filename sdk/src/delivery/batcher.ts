import { LIMITS } from '@clickstream/schema/constants'
import type { SdkEvent } from '../core/event.js'
import { takeBody } from './body.js'
import type { EventQueue } from './queue.js'
import type { Delivery, Transport } from './transport.js'

/** What the batcher needs; time and timers are injected so tests do not wait. */
export interface BatcherOptions {
  queue: EventQueue
  transport: Transport
  /** Queued events that trigger a send. */
  batchSize: number
  /** Milliseconds a queued event waits at most. */
  flushInterval: number
  now: () => number
  log: (...args: unknown[]) => void
  setTimer?: (callback: () => void, ms: number) => unknown
  clearTimer?: (timer: unknown) => void
}

/** Decides when queued events go out and what happens to them after. */
export interface Batcher {
  add(event: SdkEvent): void
  /** Sends everything queued, one request after the other; resolves when done, never rejects. */
  flush(): Promise<void>
  /** Hands everything queued to the transport at once, for a page that may be going away. */
  flushBeacon(): void
  /** Stops the timer; queued events stay queued. */
  stop(): void
}

/**
 * Sends when `batchSize` events are queued or `flushInterval` after the first one queued.
 * Requests go one at a time, because all keepalive requests in flight share a 64 KiB quota,
 * and each takes its events from the queue only when it starts, so a page that goes away
 * meanwhile still finds them there for the beacon.
 */
export const createBatcher = ({
  queue,
  transport,
  batchSize,
  flushInterval,
  now,
  log,
  setTimer = (callback, ms) => setTimeout(callback, ms),
  clearTimer = (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
}: BatcherOptions): Batcher => {
  let timer: unknown
  let sending: Promise<void> | undefined
  // After a failed send, new events wait for the timer instead of hammering the collector.
  let waiting = false
  // Events of requests that got no answer, which may have arrived or not. Leaving a page fails
  // its pending fetches in JavaScript, yet keepalive carries them on to the collector; so they
  // go back in the queue only when the timer fires, which a page that is gone never does.
  let unsure: SdkEvent[] = []

  const take = () =>
    takeBody(
      queue,
      new Date(now()).toISOString(),
      LIMITS.maxSdkRequestBytes,
      LIMITS.maxBatchEvents,
      (event) => log('event too large to send, dropped', event.id)
    )

  const settle = (events: SdkEvent[], delivery: Delivery): void => {
    if (delivery === 'retry') {
      queue.requeue(events)
      waiting = true
    } else if (delivery === 'unknown') {
      unsure = unsure.concat(events)
      waiting = true
      arm()
    } else if (delivery === 'drop') {
      log('collector refused', events.length, 'events')
    }
  }

  const arm = (): void => {
    if (timer === undefined && (queue.size() || unsure.length)) {
      timer = setTimer(() => {
        timer = undefined
        waiting = false
        queue.requeue(unsure)
        unsure = []
        void flush()
      }, flushInterval)
    }
  }

  const sendAll = async (): Promise<void> => {
    try {
      for (let request = take(); request.events.length; request = take()) {
        const delivery = await transport.send(request.body, false)
        settle(request.events, delivery)
        if (delivery === 'retry' || delivery === 'unknown') break
      }
    } catch (error) {
      log('flush failed', error)
    }
  }

  const flush = (): Promise<void> =>
    // `finally` runs in a later microtask, so `sending` is cleared only after it was set.
    (sending ||= sendAll().finally(() => {
      sending = undefined
      arm()
    }))

  return {
    add: (event) => {
      queue.push(event)
      if (queue.size() >= batchSize && !waiting) void flush()
      else arm()
    },
    flush,
    flushBeacon: () => {
      for (let request = take(); request.events.length; request = take()) {
        const { events } = request
        void transport.send(request.body, true).then((delivery) => settle(events, delivery))
      }
    },
    stop: () => {
      if (timer !== undefined) clearTimer(timer)
      timer = undefined
    },
  }
}
