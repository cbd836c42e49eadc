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
      logLevel: 'info',
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

  it('suggests the origin when an allowed origin has a path', () => {
    expect(() => loadConfig({ CLICKSTREAM_ALLOWED_ORIGINS: 'https://shop.example/' })).toThrow(
      'did you mean "https://shop.example"?'
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
