#!/usr/bin/env -S node --max-semi-space-size=32
import { realpathSync } from 'node:fs'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { createAdaptorServer } from '@hono/node-server'
import { pino, type Logger } from 'pino'
import { collectDefaultMetrics } from 'prom-client'
import { createCollector } from './app.js'
import { loadConfig, serverConfigDefaults, withDefaults, type ServerConfig } from './config.js'
import { createDurablePublisher } from './delivery/durable-publisher.js'
import type { Readiness } from './delivery/readiness.js'
import { createKafkaPublisher } from './kafka/publisher.js'
import { createMetrics, type CollectorMetrics } from './metrics.js'
import type { Publisher } from './publisher.js'
import { createRedisDedupStore } from './dedup/redis-dedup-store.js'
import { createRedisClient } from './redis-client.js'
import { createRedisSessionStore } from './session/redis-session-store.js'
import { openSpool } from './spool/spool.js'

/** What {@link startCollectorServer} needs: a {@link ServerConfig} plus optional parts. */
export interface StartCollectorServerOptions extends ServerConfig {
  /**
   * Where events go. A publisher passed in stays open on `close()`; its owner closes it.
   * @defaultValue a Kafka publisher on `brokers` backed by the spool in `spoolDir` (unless
   * `spoolEnabled` is false), closed by `close()`
   */
  publisher?: Publisher
  /**
   * Logger for the server, the app and kafkajs.
   * @defaultValue pino JSON logs on stdout at `logLevel`
   */
  logger?: Logger
  /**
   * Metrics served on `GET /metrics`.
   * @defaultValue `createMetrics()` plus prom-client's process metrics
   */
  metrics?: CollectorMetrics
  /**
   * How long `close()` lets in-flight requests finish before cutting their connections, in ms.
   * @defaultValue `15000`
   */
  shutdownGraceMs?: number
}

/** A running collector server. */
export interface CollectorServer {
  /** Base URL to reach it, like `http://127.0.0.1:8080` (loopback when bound to all interfaces). */
  readonly url: string
  /** The port it listens on (the one picked when `port` was 0). */
  readonly port: number
  /**
   * Stops accepting connections and reports not ready, lets in-flight requests finish (each
   * ends stored in Kafka or the spool, or answered 503), then closes the publisher it created:
   * replay stops, the producer flushes, the spool closes. Calling it again returns the same
   * promise.
   */
  close(): Promise<void>
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
}

function reachableHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1'
  if (host === '::') return '[::1]'
  return host.includes(':') ? `[${host}]` : host
}

/**
 * Starts the collector on Node's HTTP server with a Kafka publisher (unless one is given).
 *
 * @example
 * const server = await startCollectorServer({ port: 0, brokers: ['127.0.0.1:9092'] })
 * await fetch(`${server.url}/healthz`)
 * await server.close()
 */
export async function startCollectorServer(
  options: StartCollectorServerOptions = {}
): Promise<CollectorServer> {
  const {
    publisher: givenPublisher,
    logger: givenLogger,
    metrics: givenMetrics,
    shutdownGraceMs = 15_000,
    ...serverOptions
  } = options
  const config = withDefaults<ServerConfig>(serverConfigDefaults, serverOptions)
  const logger = givenLogger ?? pino({ level: config.logLevel, name: 'clickstream-collector' })
  const metrics = givenMetrics ?? createMetrics()
  if (!givenMetrics) collectDefaultMetrics({ register: metrics.registry })
  let publisher: Publisher
  let readiness: () => Readiness = () => ({ ready: true })
  if (givenPublisher) {
    publisher = givenPublisher
  } else {
    const kafka = createKafkaPublisher({
      brokers: config.brokers,
      clientId: config.clientId,
      compression: config.compression,
      publishTimeoutMs: config.publishTimeoutMs,
      maxQueuedBytes: config.queueMaxBytes,
      acks: config.acks,
      idempotent: config.idempotent,
      maxInFlightRequests: config.maxInFlightRequests,
      logger: logger.child({ component: 'kafka' }),
    })
    const spool = config.spoolEnabled
      ? await openSpool({
          dir: config.spoolDir,
          maxBytes: config.spoolMaxBytes,
          segmentBytes: config.spoolSegmentBytes,
        })
      : undefined
    const durable = createDurablePublisher({
      kafka,
      spool,
      kafkaRetryAfterMs: config.retryAfterSeconds * 1000,
      logger: logger.child({ component: 'delivery' }),
      metrics,
    })
    publisher = durable
    readiness = durable.readiness
  }

  // Sessions and the dedup window span collectors only when they share a Redis (DESIGN.md).
  const redis = config.redisUrl
    ? createRedisClient(config.redisUrl, logger.child({ component: 'redis' }))
    : undefined
  const keyPrefix = config.redisKeyPrefix
  const stores = redis && {
    sessionStore: createRedisSessionStore(redis, { keyPrefix }),
    dedupStore: createRedisDedupStore(redis, { keyPrefix }),
  }

  let closing: Promise<void> | undefined
  const app = createCollector({
    publisher,
    config,
    logger,
    metrics,
    ...stores,
    // Unready as soon as the stop begins, so a load balancer sends nothing new meanwhile.
    readiness: () => (closing ? { ...readiness(), ready: false, stopping: true } : readiness()),
  })
  const server = createAdaptorServer({ fetch: app.fetch }) as Server
  // While closing, answers ask keep-alive clients to go, so their connections end with them.
  server.on('request', (_request, response) => {
    if (closing) response.setHeader('connection', 'close')
  })
  try {
    await listen(server, config.port, config.host)
  } catch (error) {
    // Frees the spool directory for the next attempt.
    if (!givenPublisher) await publisher.close()
    redis?.disconnect()
    throw error
  }

  const { port } = server.address() as AddressInfo
  const url = `http://${reachableHost(config.host)}:${port}`
  logger.info(
    {
      url,
      topic: config.topic,
      brokers: config.brokers,
      spool: !givenPublisher && config.spoolEnabled ? config.spoolDir : undefined,
    },
    'collector listening'
  )

  async function shutdown(): Promise<void> {
    const stopped = new Promise<void>((resolve) => server.close(() => resolve()))
    server.closeIdleConnections()
    const force = setTimeout(() => server.closeAllConnections(), shutdownGraceMs)
    await stopped
    clearTimeout(force)
    if (!givenPublisher) await publisher.close()
    // In-flight requests are done by now: nothing is waiting on Redis.
    redis?.disconnect()
    logger.info('collector stopped')
  }

  return { url, port, close: () => (closing ??= shutdown()) }
}

async function main(): Promise<void> {
  const bootLogger = pino({ name: 'clickstream-collector' })
  let config: Required<ServerConfig>
  try {
    config = loadConfig()
  } catch (error) {
    bootLogger.fatal({ err: error }, error instanceof Error ? error.message : String(error))
    process.exit(1)
  }
  const logger = pino({ level: config.logLevel, name: 'clickstream-collector' })
  const server = await startCollectorServer({ ...config, logger })
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    // `once`: a second signal falls back to Node's default and ends the process at once.
    process.once(signal, () => {
      logger.info({ signal }, 'stopping: finishing in-flight requests')
      server.close().then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'unclean stop')
          process.exit(1)
        }
      )
    })
  }
}

function isMain(): boolean {
  try {
    return (
      process.argv[1] !== undefined &&
      realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)
    )
  } catch {
    return false
  }
}

// Run only as the `clickstream-collector` bin, never when imported through the package entry.
if (isMain()) {
  main().catch((error: unknown) => {
    pino({ name: 'clickstream-collector' }).fatal({ err: error }, 'collector failed to start')
    process.exit(1)
  })
}
