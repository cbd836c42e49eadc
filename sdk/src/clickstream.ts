import { EVENT_TYPES, type EventType } from '@clickstream/schema/constants'
import { AUTOCAPTURE, VERSION } from './build-flags.js'
import { actionData, scalarProperties, type ActionProperties } from './capture/actions.js'
import { startAutocapture } from './capture/autocapture.js'
import { describeElement } from './capture/element.js'
import { pageViewData, type Navigation } from './capture/page-views.js'
import type { PreviousPage } from './capture/previous-page.js'
import { createUrlCleaner } from './core/clean-url.js'
import { CONSENT_KEY, createConsent } from './core/consent.js'
import { createEventFactory } from './core/event.js'
import { createIdentity } from './core/identity.js'
import { listen } from './core/listen.js'
import { asksNotToTrack } from './core/privacy-signals.js'
import { campaignOf, SESSION_KEY } from './core/session.js'
import { createStore } from './core/storage.js'
import { createUuidV7 } from './core/uuid.js'
import { onPageExit } from './delivery/page-exit.js'
import { createQueue, LEASE_MS, QUEUE_PREFIX } from './delivery/queue.js'
import { createSender } from './delivery/sender.js'
import { exclusive } from './delivery/tab-lock.js'
import { createBeacon, createPost } from './delivery/transport.js'
import { log, setDebug } from './log.js'
import { resolveOptions, type ClickstreamOptions } from './options.js'

/** The SDK's API, for the script tag's queue and ESM alike. No method ever throws. */
export interface Clickstream {
  /**
   * Records a custom action (`clickstream.action`) with scalar properties.
   * @example clickstream.track('add_to_cart', { product: 'mug-42', price: 12.5 })
   */
  track(name: string, properties?: ActionProperties): void
  /** Records a page view of the current location (single-page apps get them automatically). */
  page(): void
  /** Names the visitor with the site's user id: `clickstream.identify`, then `userid` on every event. */
  identify(userId: string, traits?: ActionProperties): void
  /** Forgets the user id, the anonymous id and the session, as on logout. */
  reset(): void
  /** The visitor's consent decision: `granted` sends (what was buffered too), `denied` drops and forgets. */
  consent(decision: 'granted' | 'denied'): void
  /** Sends every queued event now; resolves when the collector answered or the send failed. */
  flush(): Promise<void>
  /** Turns console messages on or off. */
  debug(on?: boolean): void
}

/** The API's methods: the script tag runs these, and only these, from its queue. */
export const METHODS = ['track', 'page', 'identify', 'reset', 'consent', 'flush', 'debug'] as const

const resolved = () => Promise.resolve()

/** The API of an SDK that does nothing: every method answers a resolved promise. */
const disabled = Object.fromEntries(
  METHODS.map((method) => [method, resolved])
) as unknown as Clickstream

const start = (options: ClickstreamOptions): Clickstream => {
  const config = resolveOptions(options, location)
  setDebug(config.debug)
  if (config.respectPrivacySignals && asksNotToTrack(navigator)) {
    log('off: the browser asks not to be tracked (Do Not Track or Global Privacy Control)')
    return disabled
  }

  const now = Date.now
  const on = listen
  const cleanUrl = createUrlCleaner(config.queryParams)
  const device = () => !config.cookieless && localStorage
  // The visitor's decision is stored whatever it is; everything else only with consent.
  const decisions = createStore(device)
  const allowed = () => consent.state() === 'granted'
  const store = createStore(() => allowed() && device())
  const handoff = createStore(() => allowed() && !config.cookieless && sessionStorage)
  // Event, visitor, session and tab ids alike: random, and ordered by creation time.
  const newId = createUuidV7()
  const createEvent = createEventFactory(config.site, newId)
  const identity = createIdentity(store, newId, config.cookieless)
  const queue = createQueue({ store, newTabId: newId, now })
  const sender = createSender({
    queue,
    post: createPost(config.endpoint),
    beacon: createBeacon(config.endpoint),
    batchSize: config.batchSize,
    flushInterval: config.flushInterval,
    now,
  })

  const consent = createConsent(config.consent, decisions, () => {
    queue.clear()
    identity.reset()
    for (const key of decisions.keys())
      if (key.startsWith('cs_') && key !== CONSENT_KEY) decisions.remove(key)
  })
  /** Takes over the queues other tabs released or abandoned (see delivery/queue.ts). */
  const adopt = () =>
    exclusive(() => {
      if (allowed() && queue.adopt()) void sender.flush()
    })

  /** Makes the event at once (its id and time are those of the capture); it is stamped and queued once consent allows. */
  const capture = (type: EventType, data: unknown, campaign?: string) => {
    if (consent.state() === 'denied') return
    const at = now()
    const event = createEvent(type, data, at)
    consent.capture(() => {
      identity.stamp(event, at, campaign)
      log(event.type, event)
      queue.push(event.id, JSON.stringify(event))
      sender.added()
    })
  }
  const pageView = (navigation: Navigation, previous?: PreviousPage) =>
    capture(
      EVENT_TYPES.pageView,
      { ...pageViewData(location, document, navigation, cleanUrl), ...(previous && { previous }) },
      campaignOf(location.search)
    )

  on(window, 'storage', (event: StorageEvent) => {
    // Another tab decided, moved the session on, or released its queue.
    if (event.key === CONSENT_KEY) consent.set(event.newValue, false)
    else if (event.key === SESSION_KEY) identity.sync(event.newValue)
    else if (event.key?.startsWith(QUEUE_PREFIX) && event.newValue?.startsWith('0\n')) adopt()
  })
  setInterval(adopt, LEASE_MS / 4)
  log('started', VERSION, config)
  const page = AUTOCAPTURE
    ? startAutocapture(
        {
          emit: capture,
          on,
          cleanUrl,
          describe: (element) => describeElement(element, cleanUrl),
        },
        config.autocapture,
        pageView,
        now,
        handoff
      )
    : undefined
  // After autocapture's own exit listeners, which may still record an event (a pending page
  // view, a rage click series): the beacon takes it along.
  onPageExit(on, () => {
    sender.leave()
    identity.save()
  })
  adopt()

  const api: Clickstream = {
    track: (name, properties) => {
      const data = actionData(name, properties)
      if (data) capture(EVENT_TYPES.action, data)
      else log('track needs a name')
    },
    page: () => (page ? page('manual') : pageView('manual')),
    identify: (userId, traits) => {
      if (!identity.identify(userId)) return log('identify needs a user id')
      const kept = scalarProperties(traits)
      capture(EVENT_TYPES.identify, { userId, ...(kept && { traits: kept }) })
    },
    reset: () => identity.reset(),
    consent: (decision) => {
      if (!consent.set(decision)) log('consent is granted or denied, not', decision)
      else if (decision === 'granted') adopt()
    },
    flush: sender.flush,
    debug: (on = true) => setDebug(on),
  }
  // Each method logs what it throws and answers a resolved promise instead: the page comes first.
  for (const method of METHODS) {
    const fn = api[method] as (...args: unknown[]) => unknown
    ;(api as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
      try {
        return fn(...args)
      } catch (error) {
        log('error', error)
        return resolved()
      }
    }
  }
  return api
}

/**
 * Starts the SDK: captures page views, clicks, gestures, scrolls and forms (what the options and
 * the build include) and sends them to the collector. A misconfigured SDK (or one outside a
 * browser) logs why with `debug` and does nothing.
 * @example
 * const clickstream = createClickstream({ endpoint: 'https://collector.example' })
 * clickstream.track('signup', { plan: 'pro' })
 */
export const createClickstream = (options: ClickstreamOptions = {}): Clickstream => {
  try {
    return start(options)
  } catch (error) {
    setDebug(options?.debug === true)
    log('disabled:', error)
    return disabled
  }
}
