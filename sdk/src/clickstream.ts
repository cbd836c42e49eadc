import { EVENT_TYPES, type EventType } from '@clickstream/schema/constants'
import { VERSION } from './build-flags.js'
import { actionData, type ActionProperties } from './capture/actions.js'
import { captureClicks } from './capture/clicks.js'
import { pageViewData, type Navigation } from './capture/page-views.js'
import { anonymousId } from './core/anonymous-id.js'
import { createEventFactory } from './core/event.js'
import { createSession } from './core/session.js'
import { createStore } from './core/storage.js'
import { createUuidV7, uuidV4 } from './core/uuid.js'
import { createBatcher } from './delivery/batcher.js'
import { onPageExit } from './delivery/page-exit.js'
import { createMemoryQueue } from './delivery/queue.js'
import { createHttpTransport } from './delivery/transport.js'
import { createLog, type Log } from './log.js'
import { resolveOptions, type ClickstreamOptions } from './options.js'

/** The SDK's API. No method ever throws; promises never reject. */
export interface Clickstream {
  /**
   * Records a custom action (`clickstream.action`) with scalar properties.
   * @example clickstream.track('add_to_cart', { product: 'mug-42', price: 12.5 })
   */
  track(name: string, properties?: ActionProperties): void
  /** Records a page view of the current location: call it on each route of a single-page app. */
  page(): void
  /** Sends every queued event now; resolves when the collector answered or the send failed. */
  flush(): Promise<void>
  /** Stops capturing, sends what is queued and removes the SDK's listeners and timers. */
  shutdown(): Promise<void>
}

const noop = () => {}
const resolved = () => Promise.resolve()

/** Calls `fn`, swallowing (and logging) whatever it throws: the host page comes first. */
const guard =
  <A extends unknown[], R>(log: Log, fn: (...args: A) => R, fallback: () => R) =>
  (...args: A): R => {
    try {
      return fn(...args)
    } catch (error) {
      log('error', error)
      return fallback()
    }
  }

const start = (options: ClickstreamOptions): Clickstream => {
  const config = resolveOptions(options, location)
  const log = createLog(config.debug)
  const now = Date.now
  const store = createStore(() => localStorage)
  const createEvent = createEventFactory({
    source: config.site,
    anonymousId: anonymousId(store, uuidV4),
    now,
    newId: createUuidV7(now),
    session: createSession(store, uuidV4),
    subject: () => location.pathname,
  })
  const batcher = createBatcher({
    queue: createMemoryQueue(),
    transport: createHttpTransport(config.endpoint, log),
    batchSize: config.batchSize,
    flushInterval: config.flushInterval,
    now,
    log,
  })

  let stopped = false
  const emit = (type: EventType, data: unknown): void => {
    if (stopped) return
    const event = createEvent(type, data)
    log(type, event)
    batcher.add(event)
  }
  const page = (navigation: Navigation) =>
    emit(EVENT_TYPES.pageView, pageViewData(location, document, navigation))

  const stops = [onPageExit(batcher.flushBeacon)]
  if (config.autocapture.clicks) stops.push(captureClicks(document, emit))
  log('started', VERSION, config)
  if (config.autocapture.pageViews) page('load')

  return {
    track: guard(
      log,
      (name: string, properties?: ActionProperties) => {
        const data = actionData(name, properties, (key) => log('property left out:', key))
        if (data) emit(EVENT_TYPES.action, data)
        else log('track needs a name')
      },
      noop
    ),
    page: guard(log, () => page('manual'), noop),
    flush: guard(log, batcher.flush, resolved),
    shutdown: guard(
      log,
      () => {
        if (stopped) return resolved()
        stopped = true
        for (const stop of stops) stop()
        batcher.stop()
        return batcher.flush()
      },
      resolved
    ),
  }
}

/**
 * Starts the SDK: captures the page view and clicks and sends them to the collector. A
 * misconfigured SDK (or one outside a browser) logs why with `debug` and does nothing.
 * @example
 * const clickstream = createClickstream({ endpoint: 'https://collector.example' })
 * clickstream.track('signup', { plan: 'pro' })
 */
export const createClickstream = (options: ClickstreamOptions = {}): Clickstream => {
  try {
    return start(options)
  } catch (error) {
    createLog(options?.debug === true)('disabled:', error)
    return { track: noop, page: noop, flush: resolved, shutdown: resolved }
  }
}
