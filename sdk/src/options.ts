import { LIMITS, ROUTES } from '@clickstream/schema/constants'
import { AUTOCAPTURE } from './build-flags.js'

/** What the SDK captures by itself; each can be switched off. */
export interface AutocaptureOptions {
  /**
   * A page view on load and on every single-page-app navigation (`pushState`, `replaceState`,
   * `popstate`, `hashchange`), with the time spent on and the scroll depth of the previous page.
   * @defaultValue true
   */
  pageViews?: boolean
  /**
   * Mouse, pen and keyboard clicks, with a descriptor of the element.
   * @defaultValue true
   */
  clicks?: boolean
  /**
   * Several clicks on one spot in a short time, as `clickstream.rage_click`.
   * @defaultValue true
   */
  rageClicks?: boolean
  /**
   * Clicks followed by no navigation, DOM change or request, as `clickstream.dead_click`.
   * @defaultValue true
   */
  deadClicks?: boolean
  /**
   * Touch gestures: tap, double tap, long press, swipe, pinch.
   * @defaultValue true
   */
  gestures?: boolean
  /**
   * Scroll depth milestones: 25, 50, 75 and 100 % of the page.
   * @defaultValue true
   */
  scrollDepth?: boolean
  /**
   * Form submissions and field focus and change, never a value.
   * @defaultValue true
   */
  forms?: boolean
}

/** A consent mode: `pending` buffers events in memory until `granted` (send) or `denied` (drop). */
export type Consent = 'pending' | 'granted' | 'denied'

/** Options of `createClickstream` (and the `data-*` attributes of the script tag). */
export interface ClickstreamOptions {
  /**
   * The collector's events URL (`https://c.example/v1/events`, a query such as a write key
   * included); a relative URL resolves against the page.
   * @defaultValue `/v1/events` on the page's own origin
   */
  endpoint?: string
  /**
   * The site, sent as the CloudEvents `source`.
   * @defaultValue `location.origin`
   */
  site?: string
  /**
   * Queued events that trigger a send (capped at `LIMITS.maxBatchEvents`). Each request costs the
   * main thread far more than an event does, so batches are worth having; 50 events of a typical
   * 500 bytes stay within the 30 KB that trigger a send by size.
   * @defaultValue 50
   */
  batchSize?: number
  /**
   * Milliseconds a queued event waits at most before it is sent.
   * @defaultValue 5000
   */
  flushInterval?: number
  /**
   * What to capture without code: `false` turns all of it off, an object switches single kinds
   * off, a list names the only kinds to capture (`['pageViews', 'clicks']`).
   * @defaultValue `true`: everything
   */
  autocapture?: boolean | AutocaptureOptions | (keyof AutocaptureOptions)[]
  /**
   * The consent mode at start, unless the visitor already decided (`consent()` remembers it).
   * @defaultValue `'granted'`
   */
  consent?: Consent
  /**
   * Do nothing at all when the browser sends Do Not Track or Global Privacy Control.
   * @defaultValue true
   */
  respectPrivacySignals?: boolean
  /**
   * Keep nothing on the device: no anonymous or session id, no persistent queue.
   * @defaultValue false
   */
  cookieless?: boolean
  /**
   * Query parameters that URLs keep; a trailing `*` matches a prefix. All others are removed.
   * @defaultValue `['utm_*']`
   */
  queryParams?: string[]
  /**
   * Log what the SDK does to the console.
   * @defaultValue false
   */
  debug?: boolean
}

/** Options with every default applied and the values that need it checked. */
export type ResolvedOptions = Required<Omit<ClickstreamOptions, 'autocapture'>> & {
  autocapture: Required<AutocaptureOptions>
}

/** Every kind of autocapture, in the order of {@link AutocaptureOptions}. */
export const CAPTURE_KINDS = [
  'pageViews',
  'clicks',
  'rageClicks',
  'deadClicks',
  'gestures',
  'scrollDepth',
  'forms',
] as const

/** The defaults; the script tag also reads the type of each attribute from here. */
export const DEFAULTS = {
  endpoint: ROUTES.events,
  site: '',
  batchSize: 50,
  flushInterval: 5000,
  autocapture: true,
  consent: 'granted',
  respectPrivacySignals: true,
  cookieless: false,
  queryParams: ['utm_*'],
  debug: false,
} satisfies Required<ClickstreamOptions>

const upTo = (value: unknown, max: number, fallback: number): number =>
  (value as number) >= 1 ? Math.min(Math.floor(value as number), max) : fallback

/**
 * Applies the defaults once, at the entry. Undefined options take their default (the script tag
 * passes missing attributes as undefined). Throws on an endpoint that is not a URL, which
 * `createClickstream` turns into a no-op SDK. Flags count as set when truthy; the consent mode is
 * checked where it is used.
 */
export const resolveOptions = (
  options: ClickstreamOptions,
  location: Pick<Location, 'href' | 'origin'>
): ResolvedOptions => {
  const o: Required<ClickstreamOptions> = { ...DEFAULTS }
  for (const key in options) {
    const value = options[key as keyof ClickstreamOptions]
    if (value !== undefined) (o as Record<string, unknown>)[key] = value
  }
  const list = (value: unknown) => String(value).split(/[\s,]+/)
  const capture = o.autocapture
  return {
    ...o,
    endpoint: new URL(o.endpoint, location.href).href,
    site: o.site || location.origin,
    batchSize: upTo(o.batchSize, LIMITS.maxBatchEvents, DEFAULTS.batchSize),
    flushInterval: upTo(o.flushInterval, 2 ** 31 - 1, DEFAULTS.flushInterval),
    // A list given as a string (the script tag's), or an array, comes out as an array.
    queryParams: list(o.queryParams),
    // The core build captures nothing by itself: it need not know what.
    autocapture: (AUTOCAPTURE
      ? Object.fromEntries(
          CAPTURE_KINDS.map((kind) => [
            kind,
            capture === true ||
              (typeof capture == 'string' || Array.isArray(capture)
                ? list(capture).includes(kind)
                : !!capture && capture[kind] !== false),
          ])
        )
      : {}) as Required<AutocaptureOptions>,
  }
}
