import { readFileSync } from 'node:fs'
import { compileSchema } from '@clickstream/schema/compile'
import type { CollectorConfig } from './config.js'
import { ConfigError } from './errors.js'
import { DELIVERY_MODES } from './publisher.js'

/** What the config file may hold: the app's settings, and the Redis the server connects to. */
export interface ConfigFile extends CollectorConfig {
  /** Redis shared by the collectors for sessions and dedup (`redis://` or `rediss://`). */
  redisUrl?: string
  /** Prefix of the collector's Redis keys. */
  redisKeyPrefix?: string
}

/** The environment variable naming the config file. */
export const CONFIG_FILE_VARIABLE = 'CLICKSTREAM_CONFIG'

const MiB = 1024 * 1024
const integer = (minimum: number, maximum = Number.MAX_SAFE_INTEGER) => ({
  type: 'integer',
  minimum,
  maximum,
})
const boolean = { type: 'boolean' }
const strings = { type: 'array', items: { type: 'string', minLength: 1 } }
const topicName = { type: 'string', pattern: '^[a-zA-Z0-9._-]{1,249}$' }
const object = (properties: Record<string, unknown>) => ({
  type: 'object',
  additionalProperties: false,
  properties,
})
// RFC 6265 §4.1.1: a cookie name is a token.
const cookieName = { type: 'string', pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$" }

/**
 * The JSON Schema of the config file (docs/configuration.md). Unknown keys are refused, so a
 * typo fails at start-up instead of being ignored. The limits keep `maxEventBytes` below
 * Kafka's default `message.max.bytes` (1 MB), with room for the record's headers.
 */
export const configFileSchema = object({
  $schema: { type: 'string' },
  topic: topicName,
  allowedOrigins: { anyOf: [{ const: '*' }, strings] },
  maxBodyBytes: integer(1, 64 * MiB),
  maxBatchEvents: integer(1, 100_000),
  maxEventBytes: integer(256, 900_000),
  retryAfterSeconds: integer(0, 86_400),
  acceptUnknownTypes: boolean,
  maxDecompressedBytes: integer(1, 256 * MiB),
  maxStringLength: integer(1, MiB),
  maxDepth: integer(2, 64),
  maxProperties: integer(16, 100_000),
  acceptUnknownActions: boolean,
  eventSchemas: { type: 'object', additionalProperties: { type: 'object' } },
  actionSchemas: { type: 'object', additionalProperties: { type: 'object' } },
  deadLetterTopic: topicName,
  sessionsTopic: topicName,
  maxDeadLetterPayloadBytes: integer(64, 900_000),
  routes: {
    type: 'array',
    items: {
      ...object({
        match: {
          anyOf: [
            { type: 'string', minLength: 1 },
            { ...strings, minItems: 1 },
          ],
        },
        topics: { type: 'array', minItems: 1, items: topicName },
        sample: { type: 'number', minimum: 0, maximum: 1 },
        drop: boolean,
        delivery: { enum: [...DELIVERY_MODES] },
        name: { type: 'string', minLength: 1 },
      }),
      required: ['match'],
    },
  },
  recordMode: { enum: ['binary', 'structured'] },
  trustedProxies: strings,
  clientIp: { enum: ['truncate', 'remove'] },
  clockSkewThresholdMs: integer(0),
  userAgentCacheSize: integer(1, 10_000_000),
  internalHosts: strings,
  session: object({
    inactivityMs: integer(1_000),
    maxDurationMs: integer(1_000),
    newSessionOnCampaign: boolean,
    stateTtlMs: integer(1_000),
    maxVisitors: integer(1),
  }),
  dedup: object({
    enabled: boolean,
    windowMs: integer(1),
    pendingMs: integer(1),
    maxEntries: integer(1),
  }),
  cookie: object({
    enabled: boolean,
    visitorCookie: cookieName,
    sessionCookie: cookieName,
    domain: { type: 'string' },
    maxAgeDays: integer(1, 3_650),
  }),
  redisUrl: { type: 'string', pattern: '^rediss?://' },
  redisKeyPrefix: { type: 'string', maxLength: 128 },
})

/** Compiled on first use: importing the package compiles nothing. */
let check: ((value: unknown) => string | undefined) | undefined

/**
 * Parses and checks the text of a config file (JSON). Throws a `ConfigError` naming `path` and
 * the first wrong key.
 */
export function parseConfigFile(text: string, path: string): ConfigFile {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new ConfigError(CONFIG_FILE_VARIABLE, `${path} is not valid JSON: ${reason}`)
  }
  check ??= compileSchema(configFileSchema)
  const problem = check(value)
  if (problem) throw new ConfigError(CONFIG_FILE_VARIABLE, `${path}: ${problem}`)
  const { $schema: _schema, ...config } = value as ConfigFile & { $schema?: string }
  return config
}

/**
 * Reads the config file at `path` (read once, at start-up). Throws a `ConfigError` when it
 * cannot be read, is not JSON, or breaks {@link configFileSchema}.
 *
 * @example
 * const config = readConfigFile('/etc/clickstream/collector.json')
 */
export function readConfigFile(path: string): ConfigFile {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new ConfigError(CONFIG_FILE_VARIABLE, `cannot read ${path}: ${reason}`)
  }
  return parseConfigFile(text, path)
}
