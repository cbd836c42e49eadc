import { LIMITS, TOPICS } from '@clickstream/schema'
import { CONFIG_FILE_VARIABLE, readConfigFile } from './config-file.js'
import { ConfigError } from './errors.js'
import { checkProducerSettings, type ProducerSettings } from './kafka/producer-settings.js'
import { pipelineConfigDefaults, type PipelineConfig } from './pipeline/pipeline-config.js'

/**
 * What the HTTP app needs to know; every field is optional and has a documented default. The
 * pipeline's settings ({@link PipelineConfig}) come from the config file (docs/configuration.md).
 */
export interface CollectorConfig extends PipelineConfig {
  /**
   * Kafka topic that receives the events.
   * @defaultValue `'clickstream.events'` (`TOPICS.events`)
   */
  topic?: string
  /**
   * Origins allowed to send events: `'*'` or a list like `['https://shop.example']`.
   * Requests without an `Origin` header (curl, server-to-server) are always allowed.
   * @defaultValue `'*'`
   */
  allowedOrigins?: '*' | readonly string[]
  /**
   * Largest request body read, in bytes; larger bodies are answered 413.
   * @defaultValue `1048576` (`LIMITS.maxBodyBytes`)
   */
  maxBodyBytes?: number
  /**
   * Most events in one request; more are answered 400 `too_many_events`.
   * @defaultValue `500` (`LIMITS.maxBatchEvents`)
   */
  maxBatchEvents?: number
  /**
   * Largest serialized event, in bytes; larger events are rejected as `event_too_large`.
   * @defaultValue `32768` (`LIMITS.maxEventBytes`)
   */
  maxEventBytes?: number
  /**
   * `Retry-After` sent with 503 answers, in seconds.
   * @defaultValue `5`
   */
  retryAfterSeconds?: number
  /**
   * Accept event types that are not built in (only their envelope is validated); when false
   * they are rejected as `unknown_type`.
   * @defaultValue `true`
   */
  acceptUnknownTypes?: boolean
}

/** Defaults of {@link CollectorConfig}. */
export const collectorConfigDefaults = {
  ...pipelineConfigDefaults,
  topic: TOPICS.events,
  allowedOrigins: '*',
  maxBodyBytes: LIMITS.maxBodyBytes,
  maxBatchEvents: LIMITS.maxBatchEvents,
  maxEventBytes: LIMITS.maxEventBytes,
  retryAfterSeconds: 5,
  acceptUnknownTypes: true,
} as const satisfies Required<CollectorConfig>

/** Log levels accepted by `LOG_LEVEL` (pino's). */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

/** A pino log level. */
export type LogLevel = (typeof LOG_LEVELS)[number]

/** Compression codecs for Kafka record batches (gzip is built into kafkajs). */
export type Compression = 'none' | 'gzip'

/**
 * Everything the standalone server needs: the app's config, where to listen, which Kafka, and
 * how events survive Kafka outages (docs/reliability.md).
 */
export interface ServerConfig extends CollectorConfig, ProducerSettings {
  /**
   * TCP port to listen on; `0` picks a free one.
   * @defaultValue `8080`
   */
  port?: number
  /**
   * Interface to listen on.
   * @defaultValue `'0.0.0.0'`
   */
  host?: string
  /**
   * Kafka bootstrap servers, `host:port` each.
   * @defaultValue `['127.0.0.1:9092']`
   */
  brokers?: readonly string[]
  /**
   * Kafka client id, visible in broker logs and quotas.
   * @defaultValue `'clickstream-collector'`
   */
  clientId?: string
  /**
   * Compression of record batches sent to Kafka.
   * @defaultValue `'none'` (like the Java producer's `compression.type`)
   */
  compression?: Compression
  /**
   * Longest wait for Kafka to acknowledge a request's events before answering 503, in ms.
   * @defaultValue `10000`
   */
  publishTimeoutMs?: number
  /**
   * Most bytes of events waiting in memory for Kafka; beyond it they go to the spool at once
   * (or are answered 503 without one).
   * @defaultValue `16777216` (16 MiB)
   */
  queueMaxBytes?: number
  /**
   * Store events Kafka cannot take in a local spool, fsynced before the 2xx, and replay them.
   * @defaultValue `true`
   */
  spoolEnabled?: boolean
  /**
   * Directory of the spool (created when missing), relative to the working directory unless
   * absolute; one collector at a time may use it, and it must outlive restarts.
   * @defaultValue `'.spool'`
   */
  spoolDir?: string
  /**
   * Most bytes the spool may hold; when full, requests Kafka cannot take are answered 503.
   * @defaultValue `1073741824` (1 GiB)
   */
  spoolMaxBytes?: number
  /**
   * Size at which the spool starts a new segment file; replay deletes whole segments.
   * @defaultValue `4194304` (4 MiB)
   */
  spoolSegmentBytes?: number
  /**
   * Log level of the JSON logs on stdout.
   * @defaultValue `'info'`
   */
  logLevel?: LogLevel
  /**
   * Redis shared by the collectors for session state and the dedup window (`redis://` or
   * `rediss://`); empty keeps both in each collector's memory.
   * @defaultValue `''`
   */
  redisUrl?: string
  /**
   * Prefix of every Redis key the collector writes.
   * @defaultValue `'clickstream:'`
   */
  redisKeyPrefix?: string
}

/** Defaults of {@link ServerConfig}. */
export const serverConfigDefaults = {
  ...collectorConfigDefaults,
  port: 8080,
  host: '0.0.0.0',
  brokers: ['127.0.0.1:9092'],
  clientId: 'clickstream-collector',
  compression: 'none',
  publishTimeoutMs: 10_000,
  queueMaxBytes: 16 * 1024 * 1024,
  spoolEnabled: true,
  spoolDir: '.spool',
  spoolMaxBytes: 1024 * 1024 * 1024,
  spoolSegmentBytes: 4 * 1024 * 1024,
  acks: 'all',
  idempotent: true,
  maxInFlightRequests: 1,
  logLevel: 'info',
  redisUrl: '',
  redisKeyPrefix: 'clickstream:',
} as const satisfies Required<ServerConfig>

/**
 * Merges options over defaults once, at an entry point. Unlike a bare spread, an option that is
 * present but `undefined` keeps its default.
 */
export function withDefaults<T extends object>(defaults: Required<T>, options: T = {} as T) {
  const defined = Object.entries(options).filter(([, value]) => value !== undefined)
  return { ...defaults, ...Object.fromEntries(defined) } as Required<T>
}

type Env = Readonly<Record<string, string | undefined>>

function read(env: Env, name: string): string | undefined {
  const value = env[name]?.trim()
  return value === '' ? undefined : value
}

function integer(env: Env, name: string, { min, max }: { min: number; max: number }) {
  const raw = read(env, name)
  if (raw === undefined) return undefined
  const value = Number(raw)
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new ConfigError(name, `expected an integer from ${min} to ${max}, got "${raw}"`)
  }
  return value
}

function list(raw: string): string[] {
  return raw
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
}

function brokers(env: Env, name: string) {
  const raw = read(env, name)
  if (raw === undefined) return undefined
  const items = list(raw)
  const invalid = items.find(
    (item) => !/^[^\s:/]+:\d{1,5}$/.test(item) && !/^\[.+\]:\d{1,5}$/.test(item)
  )
  if (items.length === 0 || invalid !== undefined) {
    throw new ConfigError(name, `expected a comma-separated list of host:port, got "${raw}"`)
  }
  return items
}

function origins(env: Env, name: string): '*' | string[] | undefined {
  const raw = read(env, name)
  if (raw === undefined) return undefined
  if (raw === '*') return '*'
  const items = list(raw)
  if (items.length === 0) throw new ConfigError(name, `expected "*" or a comma-separated list`)
  for (const item of items) {
    // The Origin header is scheme://host[:port] with nothing after it (RFC 6454 §7).
    let origin: string | undefined
    try {
      origin = new URL(item).origin
    } catch {
      origin = undefined
    }
    if (origin !== item) {
      const hint = origin && origin !== 'null' ? `; did you mean "${origin}"?` : ''
      throw new ConfigError(name, `"${item}" is not an origin (scheme://host[:port])${hint}`)
    }
  }
  return items
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[]): T | undefined {
  const raw = read(env, name)
  if (raw === undefined) return undefined
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `expected one of ${allowed.join(', ')}, got "${raw}"`)
  }
  return raw as T
}

function boolean(env: Env, name: string): boolean | undefined {
  const raw = read(env, name)?.toLowerCase()
  if (raw === undefined) return undefined
  if (raw === 'true' || raw === '1') return true
  if (raw === 'false' || raw === '0') return false
  throw new ConfigError(name, `expected true or false, got "${raw}"`)
}

/**
 * Reads the server configuration from the config file named by `CLICKSTREAM_CONFIG`, if any,
 * then from environment variables, which override it; what neither sets takes the defaults of
 * {@link ServerConfig}. Throws a {@link ConfigError} naming the variable when a value is invalid.
 *
 * | variable | field |
 * |---|---|
 * | `PORT` | `port` |
 * | `HOST` | `host` |
 * | `KAFKA_BROKERS` | `brokers` (comma-separated) |
 * | `KAFKA_CLIENT_ID` | `clientId` |
 * | `KAFKA_COMPRESSION` | `compression` (`none` or `gzip`) |
 * | `CLICKSTREAM_TOPIC` | `topic` |
 * | `CLICKSTREAM_ALLOWED_ORIGINS` | `allowedOrigins` (`*` or comma-separated origins) |
 * | `CLICKSTREAM_MAX_BODY_BYTES` | `maxBodyBytes` |
 * | `CLICKSTREAM_RETRY_AFTER_SECONDS` | `retryAfterSeconds` |
 * | `CLICKSTREAM_PUBLISH_TIMEOUT_MS` | `publishTimeoutMs` |
 * | `CLICKSTREAM_ACCEPT_UNKNOWN_TYPES` | `acceptUnknownTypes` (`true` or `false`) |
 * | `CLICKSTREAM_QUEUE_MAX_BYTES` | `queueMaxBytes` |
 * | `CLICKSTREAM_SPOOL_ENABLED` | `spoolEnabled` (`true` or `false`) |
 * | `CLICKSTREAM_SPOOL_DIR` | `spoolDir` |
 * | `CLICKSTREAM_SPOOL_MAX_BYTES` | `spoolMaxBytes` |
 * | `CLICKSTREAM_SPOOL_SEGMENT_BYTES` | `spoolSegmentBytes` |
 * | `KAFKA_ACKS` | `acks` (only `all` or `-1`) |
 * | `KAFKA_IDEMPOTENT` | `idempotent` (only `true`) |
 * | `KAFKA_MAX_IN_FLIGHT_REQUESTS` | `maxInFlightRequests` (only `1`) |
 * | `LOG_LEVEL` | `logLevel` |
 * | `REDIS_URL` | `redisUrl` |
 * | `CLICKSTREAM_CONFIG` | a JSON config file (docs/configuration.md) read first; the variables above override it |
 *
 * @example
 * const config = loadConfig({ KAFKA_BROKERS: 'k1:9092,k2:9092', PORT: '0' })
 */
export function loadConfig(env: Env = process.env): Required<ServerConfig> {
  const file = read(env, CONFIG_FILE_VARIABLE)
  const base = withDefaults<ServerConfig>(serverConfigDefaults, file ? readConfigFile(file) : {})
  const topic = read(env, 'CLICKSTREAM_TOPIC')
  // Kafka topic names: at most 249 of [a-zA-Z0-9._-] (Kafka's Topic.validate).
  if (topic !== undefined && !/^[a-zA-Z0-9._-]{1,249}$/.test(topic)) {
    throw new ConfigError('CLICKSTREAM_TOPIC', `"${topic}" is not a valid Kafka topic name`)
  }
  // Refused rather than ignored: an operator setting acks=1 expects it to matter.
  const producer = {
    acks: read(env, 'KAFKA_ACKS'),
    idempotent: boolean(env, 'KAFKA_IDEMPOTENT'),
    maxInFlightRequests: integer(env, 'KAFKA_MAX_IN_FLIGHT_REQUESTS', { min: 0, max: 1000 }),
  }
  checkProducerSettings(producer, {
    acks: 'KAFKA_ACKS',
    idempotent: 'KAFKA_IDEMPOTENT',
    maxInFlightRequests: 'KAFKA_MAX_IN_FLIGHT_REQUESTS',
  })
  const MiB = 1024 * 1024
  return withDefaults<ServerConfig>(base, {
    ...producer,
    acks: producer.acks === undefined ? undefined : 'all',
    port: integer(env, 'PORT', { min: 0, max: 65_535 }),
    host: read(env, 'HOST'),
    brokers: brokers(env, 'KAFKA_BROKERS'),
    clientId: read(env, 'KAFKA_CLIENT_ID'),
    compression: oneOf(env, 'KAFKA_COMPRESSION', ['none', 'gzip'] as const),
    topic,
    allowedOrigins: origins(env, 'CLICKSTREAM_ALLOWED_ORIGINS'),
    maxBodyBytes: integer(env, 'CLICKSTREAM_MAX_BODY_BYTES', { min: 1, max: 64 * 1024 * 1024 }),
    retryAfterSeconds: integer(env, 'CLICKSTREAM_RETRY_AFTER_SECONDS', { min: 0, max: 86_400 }),
    publishTimeoutMs: integer(env, 'CLICKSTREAM_PUBLISH_TIMEOUT_MS', { min: 1, max: 600_000 }),
    acceptUnknownTypes: boolean(env, 'CLICKSTREAM_ACCEPT_UNKNOWN_TYPES'),
    queueMaxBytes: integer(env, 'CLICKSTREAM_QUEUE_MAX_BYTES', { min: 1, max: 4096 * MiB }),
    spoolEnabled: boolean(env, 'CLICKSTREAM_SPOOL_ENABLED'),
    spoolDir: read(env, 'CLICKSTREAM_SPOOL_DIR'),
    // At least one SDK request (60 KB) must fit, or the spool could never take anything.
    spoolMaxBytes: integer(env, 'CLICKSTREAM_SPOOL_MAX_BYTES', {
      min: 64 * 1024,
      max: Number.MAX_SAFE_INTEGER,
    }),
    spoolSegmentBytes: integer(env, 'CLICKSTREAM_SPOOL_SEGMENT_BYTES', {
      min: 4096,
      max: 1024 * MiB,
    }),
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS),
    redisUrl: read(env, 'REDIS_URL'),
  })
}
