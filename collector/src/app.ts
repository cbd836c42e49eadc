import { Hono, type MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { cors } from 'hono/cors'
import { HTTPException } from 'hono/http-exception'
import { pino, type Logger } from 'pino'
import { CONTENT_TYPES, REASONS, ROUTES } from '@clickstream/schema'
import { collectorConfigDefaults, withDefaults, type CollectorConfig } from './config.js'
import { HttpError, RequestRejectedError, UnavailableError, type ErrorBody } from './errors.js'
import { payloadTooLarge, readBody } from './http/read-body.js'
import { toKafkaRecord } from './kafka/cloudevent-record.js'
import { createMetrics, type CollectorMetrics } from './metrics.js'
import { mediaTypeOf, type MediaType } from './pipeline/decode.js'
import { processBatch } from './pipeline/process-batch.js'
import type { Rejection } from './pipeline/validate.js'
import type { KafkaRecord, Publisher } from './publisher.js'

/** Path of the Prometheus scrape endpoint. */
export const METRICS_PATH = '/metrics'

/** What {@link createCollector} needs; I/O comes in through `publisher`, `clock` and `logger`. */
export interface CollectorOptions {
  /** Where accepted events go; the answer waits for its acknowledgement. */
  publisher: Publisher
  /** Topic, allowed origins, limits; see {@link CollectorConfig} for the defaults. */
  config?: CollectorConfig
  /**
   * Current time in ms since the epoch, for `receivedat`.
   * @defaultValue `Date.now`
   */
  clock?: () => number
  /**
   * Where failures are logged (never client IPs or bodies).
   * @defaultValue a disabled pino logger
   */
  logger?: Logger
  /**
   * Metrics to update and to serve on `GET /metrics`.
   * @defaultValue `createMetrics()`, with a registry of its own
   */
  metrics?: CollectorMetrics
}

/** The body of a `POST /v1/events` answer once the batch was decoded (200, or 400 with rejections). */
export interface BatchAnswer {
  accepted: number
  rejected: Rejection[]
}

/** Hono environment of the collector app. */
export interface CollectorEnv {
  Variables: { mediaType: MediaType }
}

const acceptedTypes = Object.values(CONTENT_TYPES).join(', ')

/**
 * Creates the collector's HTTP app: `POST /v1/events` (with CORS preflight), `GET /healthz` and
 * `GET /metrics`. Does no I/O until a request arrives; serve it with `startCollectorServer` or
 * any Hono adapter.
 *
 * @example
 * const app = createCollector({ publisher: createKafkaPublisher({ brokers: ['127.0.0.1:9092'] }) })
 * const res = await app.request('/healthz')
 */
export function createCollector(options: CollectorOptions): Hono<CollectorEnv> {
  const {
    publisher,
    clock = Date.now,
    logger = pino({ enabled: false }),
    metrics = createMetrics(),
  } = options
  const config = withDefaults<CollectorConfig>(collectorConfigDefaults, options.config)
  const anyOrigin = config.allowedOrigins === '*'
  const allowedOrigins = new Set(anyOrigin ? [] : config.allowedOrigins)

  const countRequests: MiddlewareHandler = async (c, next) => {
    await next()
    metrics.requests.inc({ status: String(c.res.status) })
  }

  const checkOrigin: MiddlewareHandler = async (c, next) => {
    // Requests without Origin (curl, server-to-server) are not browser requests: let them in.
    const origin = c.req.header('origin')
    if (origin !== undefined && !anyOrigin && !allowedOrigins.has(origin)) {
      // The page may read this answer, so the SDK drops the batch instead of retrying what it
      // would see as a network error.
      throw new RequestRejectedError(REASONS.originNotAllowed, `origin ${origin} is not allowed`, {
        'access-control-allow-origin': origin,
      })
    }
    await next()
  }

  const checkMediaType: MiddlewareHandler<CollectorEnv> = async (c, next) => {
    const mediaType = mediaTypeOf(c.req.header('content-type'))
    if (mediaType === undefined) {
      throw new RequestRejectedError(
        REASONS.unsupportedMediaType,
        `Content-Type must be one of ${acceptedTypes}`
      )
    }
    // RFC 9110 §15.5.16: 415 also answers a content coding the server does not decode.
    const encoding = c.req.header('content-encoding')?.trim().toLowerCase()
    if (encoding && encoding !== 'identity') {
      throw new RequestRejectedError(
        REASONS.unsupportedMediaType,
        `Content-Encoding ${encoding} is not supported`
      )
    }
    c.set('mediaType', mediaType)
    await next()
  }

  // Refuses at once when Content-Length says too much; readBody caps what actually arrives.
  const limitBody = bodyLimit({
    maxSize: config.maxBodyBytes,
    onError: () => {
      throw payloadTooLarge(config.maxBodyBytes)
    },
  })

  async function publish(records: KafkaRecord[]): Promise<void> {
    const stopTimer = metrics.publishDuration.startTimer()
    try {
      await publisher.publish(records)
    } catch (error) {
      metrics.publishFailures.inc()
      logger.error({ err: error, events: records.length }, 'Kafka did not acknowledge the events')
      throw new UnavailableError(config.retryAfterSeconds, error)
    } finally {
      stopTimer()
    }
  }

  const app = new Hono<CollectorEnv>()

  app.use(
    ROUTES.events,
    cors({
      origin: anyOrigin ? '*' : [...allowedOrigins],
      allowMethods: ['POST'],
      allowHeaders: ['Content-Type'],
      // Not CORS-safelisted: without this the SDK could not honour Retry-After on a 503.
      exposeHeaders: ['Retry-After'],
      // Browsers cache the preflight this long (Chromium caps it at 2 hours).
      maxAge: 86_400,
    })
  )

  app.post(ROUTES.events, countRequests, checkOrigin, checkMediaType, limitBody, async (c) => {
    const receivedAt = clock()
    const body = await readBody(c.req.raw, config.maxBodyBytes)
    const outcome = processBatch(body, c.var.mediaType, { ...config, receivedAt })
    if (!outcome.ok) throw new RequestRejectedError(outcome.reason, outcome.message)
    const records = outcome.routed.map(toKafkaRecord)
    if (records.length > 0) await publish(records)
    // Counted once answered: after a 503 the client resends the batch and they are counted then.
    metrics.eventsAccepted.inc(records.length)
    for (const { reason } of outcome.rejected) metrics.eventsRejected.inc({ reason })
    const answer: BatchAnswer = { accepted: records.length, rejected: outcome.rejected }
    return c.json(answer, outcome.rejected.length > 0 ? 400 : 200)
  })

  app.get(ROUTES.health, (c) => c.json({ status: 'ok' }))

  app.get(METRICS_PATH, async (c) =>
    c.body(await metrics.registry.metrics(), 200, { 'content-type': metrics.registry.contentType })
  )

  app.notFound((c) =>
    c.json({ error: 'not_found', message: 'no such route' } satisfies ErrorBody, 404)
  )

  app.onError((error, c) => {
    if (error instanceof HttpError) {
      if (error instanceof RequestRejectedError) {
        metrics.eventsRejected.inc({ reason: error.code })
      }
      return error.getResponse()
    }
    if (error instanceof HTTPException) return error.getResponse()
    // The stack stays in the log; the client learns nothing about the internals.
    logger.error({ err: error, method: c.req.method, path: c.req.path }, 'unexpected error')
    return c.json({ error: 'internal', message: 'internal error' } satisfies ErrorBody, 500)
  })

  return app
}
