import { EVENT_TYPES, SPEC_VERSION } from '@clickstream/schema'

/** What the pixel endpoint knows of a request. */
export interface PixelRequest {
  /** The query string's parameters. */
  query: URLSearchParams
  /** The `Referer` header: the page that shows the pixel, when the browser sends it. */
  referer: string | undefined
  /** A fresh event id, used when the query has none. */
  newId: string
  /** When the request arrived, in ms since the epoch. */
  receivedAt: number
}

/** Prefix of the query parameters that become action properties: `prop.plan=pro`. */
export const PIXEL_PROPERTY_PREFIX = 'prop.'

function urlParts(url: string | undefined): { origin?: string; path?: string } {
  if (!url) return {}
  try {
    const parsed = new URL(url)
    return { origin: parsed.origin, path: parsed.pathname }
  } catch {
    return {}
  }
}

/**
 * Decode stage for `GET /v1/p.gif`: maps the query to one event, still unvalidated (docs/protocol.md,
 * "Pixel"). `type` is `page_view` (the default), `action`, or a full event type; `site` is the
 * `source` (else the page's origin); `url` the page (else the `Referer`); `title` and `ref` fill a
 * page view; `name` and `prop.<key>` an action (property values stay strings); other types get
 * the `prop.` parameters as data. `id`, `aid`, `sid` and `uid` set the event id and the
 * anonymous, session and user ids. The time is the receive time: a pixel has no clock.
 */
export function decodePixel(request: PixelRequest): Record<string, unknown> {
  const { query, referer } = request
  const param = (name: string) => {
    const value = query.get(name)
    return value === null || value === '' ? undefined : value
  }
  const url = param('url') ?? referer
  const page = urlParts(url)
  const properties: Record<string, string> = {}
  for (const [name, value] of query) {
    if (name.startsWith(PIXEL_PROPERTY_PREFIX) && name.length > PIXEL_PROPERTY_PREFIX.length) {
      properties[name.slice(PIXEL_PROPERTY_PREFIX.length)] = value
    }
  }
  const kind = param('type') ?? 'page_view'
  let type: string
  let data: unknown
  if (kind === 'page_view') {
    type = EVENT_TYPES.pageView
    const title = param('title')
    const referrer = param('ref')
    data = {
      url: url ?? '',
      path: page.path ?? '',
      ...(title !== undefined && { title }),
      ...(referrer !== undefined && { referrer }),
    }
  } else if (kind === 'action') {
    type = EVENT_TYPES.action
    data = {
      name: param('name') ?? '',
      ...(Object.keys(properties).length > 0 && { properties }),
    }
  } else {
    type = kind
    data = properties
  }
  const optional = {
    source: param('site') ?? page.origin,
    subject: page.path,
    anonymousid: param('aid'),
    sessionid: param('sid'),
    userid: param('uid'),
  }
  const event: Record<string, unknown> = {
    specversion: SPEC_VERSION,
    id: param('id') ?? request.newId,
    type,
    time: new Date(request.receivedAt).toISOString(),
    datacontenttype: 'application/json',
  }
  for (const [name, value] of Object.entries(optional)) {
    if (value !== undefined) event[name] = value
  }
  event.data = data
  return event
}
