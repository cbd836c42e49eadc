import { Hono, type MiddlewareHandler } from 'hono'
import { cors } from 'hono/cors'
import { HTTPException } from 'hono/http-exception'
import { pino, type Logger } from 'pino'
import { PIXEL_PATH, REASONS, ROUTES } from '@clickstream/schema'
import { collectorConfigDefaults, withDefaults, type CollectorConfig } from './config.js'
import { HttpError, RequestRejectedError, UnavailableError, type ErrorBody } from './errors.js'
import type { DedupStore } from './dedup/dedup-store.js'
import { createMemoryDedupStore } from './dedup/memory-dedup-store.js'
import type { Readiness } from './delivery/readiness.js'
import { createIngestRoutes, type IngestVariables } from './http/ingest-routes.js'
import { payloadTooLarge } from './http/read-body.js'
import { createMetrics, type CollectorMetrics } from './metrics.js'
import { createPipeline } from './pipeline/process-batch.js'
import type { KafkaRecord, Publisher } from './publisher.js'
import { createMemorySessionStore } from './session/memory-session-store.js'
import type { SessionStore } from './session/session-store.js'

export type { BatchAnswer } from './http/ingest-routes.js'

/** Path of the Prometheus scrape endpoint. */
export const METRICS_PATH = '/metrics'

/** Path of the readiness probe: 200 while Kafka or the spool can take events, else 503. */
export const READY_PATH = '/readyz'

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
  /**
   * Whether events can be stored now, for `GET /readyz` (`startCollectorServer` passes its
   * durable publisher's).
   * @defaultValue always ready
   */
  readiness?: () => Readiness
  /**
   * Where visitors' session state lives; share a Redis one (`createRedisSessionStore`) between
   * collectors behind a load balancer.
   * @defaultValue `createMemorySessionStore()`, bounded by `session.maxVisitors`
   */
  sessionStore?: SessionStore
  /**
   * Where the dedup window lives; share a Redis one (`createRedisDedupStore`) between collectors.
   * @defaultValue `createMemoryDedupStore()`, bounded by `dedup.maxEntries`
   */
  dedupStore?: DedupStore
}

/** Not CORS-safelisted: without it the SDK could not honour Retry-After on a 503. */
const EXPOSED_HEADERS = 'Retry-After'

/** Hono environment of the collector app. */
export interface CollectorEnv {
  Variables: IngestVariables
}

/**
 * Creates the collector's HTTP app: `POST /v1/events` (with CORS preflight), `GET /v1/p.gif`,
 * `GET /healthz`, `GET /readyz` and `GET /metrics`. Does no I/O until a request arrives; serve
 * it with `startCollectorServer` or any Hono adapter.
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
    readiness = () => ({ ready: true }),
  } = options
  const config = withDefaults<CollectorConfig>(collectorConfigDefaults, options.config)
  const anyOrigin = config.allowedOrigins === '*'
  const allowedOrigins = new Set(anyOrigin ? [] : config.allowedOrigins)
  const {
    sessionStore = createMemorySessionStore({ maxVisitors: config.session.maxVisitors }),
    dedupStore = createMemoryDedupStore({ maxEntries: config.dedup.maxEntries }),
  } = options

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

  // Refuses at once when Content-Length says too much; readBody caps what actually arrives (a
  // chunked body has no length). Not hono/body-limit: it builds the web Request to look at its
  // body, which reading Node's stream directly (bodySourceOf) saves.
  const limitBody: MiddlewareHandler = async (c, next) => {
    const length = c.req.header('content-length')
    if (length !== undefined && Number(length) > config.maxBodyBytes) {
      throw payloadTooLarge(config.maxBodyBytes)
    }
    await next()
  }

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

  // Compiles the site's schemas and routes now, at start-up; throws a ConfigError if they are wrong.
  const pipeline = createPipeline(config, { sessionStore, dedupStore, publish, logger })
  const ingest = createIngestRoutes({ config, pipeline, clock, metrics })

  const app = new Hono<CollectorEnv>()

  const credentials = config.cookie.enabled && !anyOrigin
  // The preflight only: Hono's cors middleware puts its headers on `c.res` before the route runs,
  // and Hono then copies the route's answer into a second Response whose body is a web stream,
  // a cost on every POST. The POST's answer gets the same headers once the route ran.
  app.options(
    ROUTES.events,
    cors({
      origin: anyOrigin ? '*' : [...allowedOrigins],
      allowMethods: ['POST'],
      // Binary mode (CloudEvents HTTP binding §3.1.3) sends the attributes as headers.
      allowHeaders: [
        'Content-Type',
        'Content-Encoding',
        ...['specversion', 'id', 'source', 'type', 'time', 'subject', 'dataschema'].map(
          (name) => `ce-${name}`
        ),
        ...['anonymousid', 'sessionid', 'seq', 'sentat', 'userid'].map((name) => `ce-${name}`),
      ],
      // The id cookies of cookie mode need credentialed requests, which '*' does not allow.
      credentials,
      exposeHeaders: [EXPOSED_HEADERS],
      // Browsers cache the preflight this long (Chromium caps it at 2 hours).
      maxAge: 86_400,
    })
  )
  const allowPageToRead: MiddlewareHandler = async (c, next) => {
    await next()
    const origin = c.req.header('origin')
    const headers = c.res.headers
    if (anyOrigin) headers.set('Access-Control-Allow-Origin', '*')
    else if (origin !== undefined && allowedOrigins.has(origin)) {
      headers.set('Access-Control-Allow-Origin', origin)
    }
    if (credentials) headers.set('Access-Control-Allow-Credentials', 'true')
    headers.set('Access-Control-Expose-Headers', EXPOSED_HEADERS)
    if (!anyOrigin) headers.append('Vary', 'Origin')
  }

  app.post(
    ROUTES.events,
    allowPageToRead,
    countRequests,
    checkOrigin,
    ingest.checkBody,
    limitBody,
    ingest.events
  )

  // Images and e-mail opens send no Origin: the pixel is open to every page.
  app.get(PIXEL_PATH, countRequests, ingest.pixel)

  app.get(ROUTES.health, (c) => c.json({ status: 'ok' }))

  // Kubernetes-style: /healthz is about the process, /readyz about taking traffic now.
  app.get(READY_PATH, (c) => {
    const { ready, ...checks } = readiness()
    return c.json({ status: ready ? 'ready' : 'not_ready', ...checks }, ready ? 200 : 503)
  })

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
