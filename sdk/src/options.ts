import { LIMITS, ROUTES } from '@clickstream/schema/constants'

/** What the SDK captures by itself. */
export interface AutocaptureOptions {
  /**
   * A page view when the SDK starts.
   * @defaultValue true
   */
  pageViews?: boolean
  /**
   * Clicks anywhere in the document.
   * @defaultValue true
   */
  clicks?: boolean
}

/** Options of `createClickstream` (and the `data-*` attributes of the script tag). */
export interface ClickstreamOptions {
  /**
   * The collector: its base URL (`https://c.example`) or the full events URL
   * (`https://c.example/v1/events`); relative URLs resolve against the page.
   * @defaultValue `/v1/events` on the page's own origin
   */
  endpoint?: string
  /**
   * The site, sent as the CloudEvents `source`.
   * @defaultValue `location.origin`
   */
  site?: string
  /**
   * Queued events that trigger a send (capped at `LIMITS.maxBatchEvents`).
   * @defaultValue 10
   */
  batchSize?: number
  /**
   * Milliseconds a queued event waits at most before it is sent.
   * @defaultValue 5000
   */
  flushInterval?: number
  /**
   * What to capture without code; `false` turns all of it off.
   * @defaultValue `{ pageViews: true, clicks: true }`
   */
  autocapture?: boolean | AutocaptureOptions
  /**
   * Log what the SDK does to the console.
   * @defaultValue false
   */
  debug?: boolean
}

/** Options with every default applied and every value checked. */
export interface ResolvedOptions {
  endpoint: string
  site: string
  batchSize: number
  flushInterval: number
  autocapture: Required<AutocaptureOptions>
  debug: boolean
}

const DEFAULTS = {
  endpoint: ROUTES.events,
  site: '',
  batchSize: 10,
  flushInterval: 5000,
  autocapture: { pageViews: true, clicks: true },
  debug: false,
} satisfies Required<ClickstreamOptions>

/** The events URL: a base URL gets `/v1/events` appended; its query (a write key) is kept. */
export const eventsUrl = (endpoint: string, base: string): string => {
  const url = new URL(endpoint, base)
  if (!url.pathname.endsWith(ROUTES.events)) {
    url.pathname = url.pathname.replace(/\/$/, '') + ROUTES.events
  }
  return url.href
}

const between = (value: unknown, min: number, max: number, fallback: number): number =>
  typeof value == 'number' && value >= min ? Math.min(Math.floor(value), max) : fallback

/**
 * Applies the defaults once, at the entry. Throws on an endpoint that is not a URL, which
 * `createClickstream` turns into a no-op SDK.
 */
export const resolveOptions = (
  options: ClickstreamOptions,
  location: Pick<Location, 'href' | 'origin'>
): ResolvedOptions => {
  const { autocapture, ...rest } = { ...DEFAULTS, ...options }
  const all = autocapture !== false
  return {
    endpoint: eventsUrl(rest.endpoint || DEFAULTS.endpoint, location.href),
    site: rest.site || location.origin,
    batchSize: between(rest.batchSize, 1, LIMITS.maxBatchEvents, DEFAULTS.batchSize),
    flushInterval: between(rest.flushInterval, 1, 2 ** 31 - 1, DEFAULTS.flushInterval),
    autocapture: {
      ...DEFAULTS.autocapture,
      ...(all ? {} : { pageViews: false, clicks: false }),
      ...(typeof autocapture == 'object' ? autocapture : {}),
    },
    debug: rest.debug === true,
  }
}
