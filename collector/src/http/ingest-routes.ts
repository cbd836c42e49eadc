import { randomUUID } from 'node:crypto'
import { Readable } from 'node:stream'
import type { Context, Handler, MiddlewareHandler } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import { withDefaults, type CollectorConfig } from '../config.js'
import { RequestRejectedError } from '../errors.js'
import type { CollectorMetrics } from '../metrics.js'
import { decodeBinary } from '../pipeline/decode-binary.js'
import { decodePixel } from '../pipeline/decode-pixel.js'
import { decodeBatch, type DecodeResult } from '../pipeline/decode.js'
import type { BatchResult, Pipeline } from '../pipeline/process-batch.js'
import type { Rejection } from '../pipeline/validate.js'
import { sessionDefaults } from '../session/session-options.js'
import { bodyFormatOf, type BodyFormat } from './body-format.js'
import { cookieDefaults, cookieId, idCookies } from './cookies.js'
import { readBody, type BodySource, type ContentCoding } from './read-body.js'
import { createRequestFacts } from './request-facts.js'

/** The body of a `POST /v1/events` answer once the batch was decoded (200, or 400 with rejections). */
export interface BatchAnswer {
  accepted: number
  rejected: Rejection[]
}

/** Hono variables the ingest routes set and read. */
export interface IngestVariables {
  format: BodyFormat
  coding: ContentCoding
}

/** What {@link createIngestRoutes} needs. */
export interface IngestRoutesOptions {
  config: Required<CollectorConfig>
  pipeline: Pipeline
  clock: () => number
  metrics: CollectorMetrics
}

/** A transparent 1×1 GIF, the smallest there is (43 bytes). */
export const PIXEL_GIF = Buffer.from(
  'R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7',
  'base64'
)

/** The ingest routes' middleware and handlers. */
export interface IngestRoutes {
  /** Reads the body format and coding into `c.var`, or answers 415. */
  checkBody: MiddlewareHandler<{ Variables: IngestVariables }>
  /** `POST /v1/events`. */
  events: Handler<{ Variables: IngestVariables }>
  /** `GET /v1/p.gif`. */
  pixel: Handler
}

/**
 * Where to read a request's body: Node's request stream when the app runs on `@hono/node-server`
 * (which passes it as `c.env.incoming`) and nothing has started reading it, else the web Request.
 */
export function bodySourceOf(c: Context): BodySource {
  const incoming = (c.env as { incoming?: unknown } | undefined)?.incoming
  return incoming instanceof Readable &&
    incoming.readableFlowing === null &&
    !incoming.readableDidRead
    ? incoming
    : c.req.raw
}

/**
 * Creates the handlers of `POST /v1/events` (every CloudEvents HTTP mode, gzip) and
 * `GET /v1/p.gif` (the pixel): each measures the request at the edge, decodes it, runs it
 * through the pipeline, counts the outcome, sets the id cookies in cookie mode and answers.
 */
export function createIngestRoutes(options: IngestRoutesOptions): IngestRoutes {
  const { config, pipeline, clock, metrics } = options
  const measure = createRequestFacts(config)
  const cookie = withDefaults(cookieDefaults, config.cookie)
  const session = withDefaults(sessionDefaults, config.session)

  async function run(
    c: Context,
    decoded: DecodeResult,
    body: string,
    receivedAt: number
  ): Promise<BatchResult> {
    const { facts, userAgent, secure } = measure(c, receivedAt)
    const cookieVisitorId = cookie.enabled
      ? cookieId(getCookie(c, cookie.visitorCookie))
      : undefined
    const outcome = await pipeline.process({
      decoded,
      body,
      facts,
      visitor: { cookieVisitorId, userAgent },
      token: randomUUID(),
    })
    if (!outcome.ok) throw new RequestRejectedError(outcome.reason, outcome.message)
    // Counted once answered: after a 503 the client resends the batch and it is counted then.
    metrics.eventsAccepted.inc(outcome.accepted)
    for (const { reason } of outcome.rejected) metrics.eventsRejected.inc({ reason })
    metrics.eventsDuplicate.inc(outcome.duplicates)
    for (const { route, reason } of outcome.dropped) metrics.eventsFiltered.inc({ route, reason })
    for (const reason of outcome.sessionsStarted) metrics.sessionsStarted.inc({ reason })
    if (cookie.enabled && outcome.lastVisit) {
      for (const { name, value, options: attributes } of idCookies(
        cookie,
        outcome.lastVisit,
        secure,
        session.inactivityMs / 1000
      )) {
        setCookie(c, name, value, attributes)
      }
    }
    return outcome
  }

  return {
    async checkBody(c, next) {
      const { format, coding } = bodyFormatOf(c.req.header())
      c.set('format', format)
      c.set('coding', coding)
      await next()
    },

    async events(c) {
      const receivedAt = clock()
      const body = await readBody(bodySourceOf(c), config, c.var.coding)
      const { format } = c.var
      const decoded =
        format.kind === 'binary'
          ? decodeBinary(c.req.header(), body)
          : decodeBatch(body, format.mediaType, config)
      const outcome = await run(c, decoded, body, receivedAt)
      const answer: BatchAnswer = { accepted: outcome.accepted, rejected: outcome.rejected }
      return c.json(answer, outcome.rejected.length > 0 ? 400 : 200)
    },

    async pixel(c) {
      const receivedAt = clock()
      const event = decodePixel({
        query: new URL(c.req.url).searchParams,
        referer: c.req.header('referer'),
        newId: randomUUID(),
        receivedAt,
      })
      const outcome = await run(c, { ok: true, events: [event] }, '', receivedAt)
      return c.body(new Uint8Array(PIXEL_GIF), outcome.rejected.length > 0 ? 400 : 200, {
        'content-type': 'image/gif',
        // Every view must reach the collector: no browser, proxy or mail client may cache it.
        'cache-control': 'no-store, max-age=0',
      })
    },
  }
}
