import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadConfig, withDefaults } from './config.js'
import { ConfigError } from './errors.js'

describe('loadConfig', () => {
  it('uses the documented defaults when nothing is set', () => {
    expect(loadConfig({})).toEqual({
      port: 8080,
      host: '0.0.0.0',
      brokers: ['127.0.0.1:9092'],
      clientId: 'clickstream-collector',
      compression: 'none',
      topic: 'clickstream.events',
      allowedOrigins: '*',
      maxBodyBytes: 1024 * 1024,
      maxBatchEvents: 500,
      maxEventBytes: 32 * 1024,
      retryAfterSeconds: 5,
      publishTimeoutMs: 10_000,
      acceptUnknownTypes: true,
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
      maxDecompressedBytes: 1024 * 1024,
      maxStringLength: 4096,
      maxDepth: 10,
      maxProperties: 128,
      acceptUnknownActions: true,
      eventSchemas: {},
      actionSchemas: {},
      deadLetterTopic: 'clickstream.deadletter',
      sessionsTopic: 'clickstream.sessions',
      maxDeadLetterPayloadBytes: 32 * 1024,
      routes: [],
      recordMode: 'structured',
      trustedProxies: [],
      clientIp: 'truncate',
      clockSkewThresholdMs: 5_000,
      userAgentCacheSize: 1_000,
      internalHosts: [],
      session: {
        inactivityMs: 30 * 60_000,
        maxDurationMs: 24 * 3_600_000,
        newSessionOnCampaign: true,
        stateTtlMs: 7 * 24 * 3_600_000,
        maxVisitors: 100_000,
      },
      dedup: { enabled: true, windowMs: 3_600_000, pendingMs: 30_000, maxEntries: 200_000 },
      cookie: {
        enabled: false,
        visitorCookie: 'cs_vid',
        sessionCookie: 'cs_sid',
        domain: '',
        maxAgeDays: 365,
      },
    })
  })

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      KAFKA_BROKERS: 'k1:9092, k2:9093,',
      KAFKA_CLIENT_ID: 'edge-1',
      KAFKA_COMPRESSION: 'gzip',
      CLICKSTREAM_TOPIC: 'site.events',
      CLICKSTREAM_ALLOWED_ORIGINS: 'https://shop.example, http://localhost:3000',
      CLICKSTREAM_MAX_BODY_BYTES: '65536',
      CLICKSTREAM_RETRY_AFTER_SECONDS: '30',
      CLICKSTREAM_PUBLISH_TIMEOUT_MS: '2500',
      CLICKSTREAM_ACCEPT_UNKNOWN_TYPES: 'false',
      CLICKSTREAM_QUEUE_MAX_BYTES: '1048576',
      CLICKSTREAM_SPOOL_ENABLED: 'false',
      CLICKSTREAM_SPOOL_DIR: '/var/lib/clickstream/spool',
      CLICKSTREAM_SPOOL_MAX_BYTES: '10485760',
      CLICKSTREAM_SPOOL_SEGMENT_BYTES: '65536',
      KAFKA_ACKS: '-1',
      KAFKA_IDEMPOTENT: 'true',
      KAFKA_MAX_IN_FLIGHT_REQUESTS: '1',
      LOG_LEVEL: 'debug',
    })
    expect(config).toMatchObject({
      port: 0,
      host: '127.0.0.1',
      brokers: ['k1:9092', 'k2:9093'],
      clientId: 'edge-1',
      compression: 'gzip',
      topic: 'site.events',
      allowedOrigins: ['https://shop.example', 'http://localhost:3000'],
      maxBodyBytes: 65536,
      retryAfterSeconds: 30,
      publishTimeoutMs: 2500,
      acceptUnknownTypes: false,
      queueMaxBytes: 1048576,
      spoolEnabled: false,
      spoolDir: '/var/lib/clickstream/spool',
      spoolMaxBytes: 10485760,
      spoolSegmentBytes: 65536,
      acks: 'all',
      idempotent: true,
      maxInFlightRequests: 1,
      logLevel: 'debug',
    })
  })

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', KAFKA_BROKERS: ' ' })).toMatchObject({
      port: 8080,
      brokers: ['127.0.0.1:9092'],
    })
  })

  it.each([
    ['PORT', '80a'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['KAFKA_BROKERS', 'localhost'],
    ['KAFKA_BROKERS', 'http://k1:9092'],
    ['KAFKA_COMPRESSION', 'zstd'],
    ['CLICKSTREAM_TOPIC', 'no spaces'],
    ['CLICKSTREAM_ALLOWED_ORIGINS', 'shop.example'],
    ['CLICKSTREAM_ALLOWED_ORIGINS', 'https://shop.example/'],
    ['CLICKSTREAM_MAX_BODY_BYTES', '0'],
    ['CLICKSTREAM_MAX_BODY_BYTES', '1.5'],
    ['CLICKSTREAM_RETRY_AFTER_SECONDS', 'soon'],
    ['CLICKSTREAM_ACCEPT_UNKNOWN_TYPES', 'maybe'],
    ['CLICKSTREAM_SPOOL_ENABLED', 'yes'],
    ['CLICKSTREAM_SPOOL_MAX_BYTES', '1024'],
    ['CLICKSTREAM_SPOOL_SEGMENT_BYTES', '0'],
    ['CLICKSTREAM_QUEUE_MAX_BYTES', '0'],
    ['KAFKA_ACKS', '1'],
    ['KAFKA_ACKS', '0'],
    ['KAFKA_IDEMPOTENT', 'false'],
    ['KAFKA_MAX_IN_FLIGHT_REQUESTS', '5'],
    ['LOG_LEVEL', 'verbose'],
  ])('refuses %s=%j with an error naming the variable', (name, value) => {
    let error: unknown
    try {
      loadConfig({ [name]: value })
    } catch (thrown) {
      error = thrown
    }
    expect(error).toBeInstanceOf(ConfigError)
    expect(error).toMatchObject({ variable: name, message: expect.stringMatching(`^${name}: `) })
  })

  it('refuses producer settings that could lose events, saying why', () => {
    expect(() => loadConfig({ KAFKA_ACKS: '1' })).toThrow(
      /^KAFKA_ACKS: must be "all" \(-1\), got "1": .*loses events/
    )
  })

  it('suggests the origin when an allowed origin has a path', () => {
    expect(() => loadConfig({ CLICKSTREAM_ALLOWED_ORIGINS: 'https://shop.example/' })).toThrow(
      'did you mean "https://shop.example"?'
    )
  })
})

describe('loadConfig with CLICKSTREAM_CONFIG', () => {
  const file = (config: object) => {
    const path = join(mkdtempSync(join(tmpdir(), 'collector-config-')), 'collector.json')
    writeFileSync(path, JSON.stringify(config))
    return path
  }

  it('reads the file, and lets environment variables override it', () => {
    const path = file({
      topic: 'from.file',
      maxDepth: 8,
      routes: [{ match: 'shop.*', drop: true }],
      redisUrl: 'redis://file:6379',
    })
    const config = loadConfig({
      CLICKSTREAM_CONFIG: path,
      CLICKSTREAM_TOPIC: 'from.env',
      REDIS_URL: 'redis://env:6379',
    })
    expect(config).toMatchObject({
      topic: 'from.env',
      maxDepth: 8,
      routes: [{ match: 'shop.*', drop: true }],
      redisUrl: 'redis://env:6379',
      maxStringLength: 4096,
    })
  })

  it('refuses a file with an unknown key, naming CLICKSTREAM_CONFIG', () => {
    expect(() => loadConfig({ CLICKSTREAM_CONFIG: file({ maxDeepth: 3 }) })).toThrow(ConfigError)
    expect(() => loadConfig({ CLICKSTREAM_CONFIG: file({ maxDeepth: 3 }) })).toThrow(
      /^CLICKSTREAM_CONFIG: .*"maxDeepth"/
    )
  })
})

describe('withDefaults', () => {
  it('keeps a default when the option is present but undefined', () => {
    expect(
      withDefaults<{ a?: number; b?: number }>({ a: 1, b: 2 }, { a: undefined, b: 3 })
    ).toEqual({
      a: 1,
      b: 3,
    })
  })
})
