import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { collectorConfigDefaults } from './config.js'
import { configFileSchema, parseConfigFile, readConfigFile } from './config-file.js'
import { ConfigError } from './errors.js'

/** The example of docs/configuration.md, kept in step by the docs test below. */
const example = {
  topic: 'clickstream.events',
  maxEventBytes: 32768,
  eventSchemas: {
    'shop.checkout_started': {
      type: 'object',
      properties: { step: { type: 'integer', minimum: 1 } },
      required: ['step'],
      additionalProperties: false,
    },
  },
  actionSchemas: {
    add_to_cart: {
      type: 'object',
      properties: { sku: { type: 'string' }, price: { type: 'number' } },
      required: ['sku'],
    },
  },
  acceptUnknownTypes: false,
  routes: [
    { match: 'clickstream.gesture', sample: 0.1, delivery: 'at-most-once' },
    { match: 'shop.debug_*', drop: true, name: 'no-debug' },
    { match: ['clickstream.form_*', 'shop.*'], topics: ['clickstream.events', 'shop.funnel'] },
  ],
  trustedProxies: ['10.0.0.0/8'],
  session: { inactivityMs: 1800000 },
  dedup: { windowMs: 3600000 },
  cookie: { enabled: true, domain: 'shop.example' },
  redisUrl: 'redis://redis.internal:6379',
}

function refusal(text: string): ConfigError {
  try {
    parseConfigFile(text, 'collector.json')
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    return error as ConfigError
  }
  throw new Error('expected a ConfigError')
}

describe('parseConfigFile', () => {
  it('accepts the documented example', () => {
    expect(parseConfigFile(JSON.stringify(example), 'collector.json')).toEqual(example)
  })

  it('drops an editor $schema key', () => {
    expect(parseConfigFile('{"$schema": "./schema.json", "maxDepth": 8}', 'c.json')).toEqual({
      maxDepth: 8,
    })
  })

  it.each([
    ['{"mxaDepth": 8}', '"mxaDepth"'],
    ['{"routes": [{"topics": ["a"]}]}', "required property 'match'"],
    ['{"routes": [{"match": "a", "sample": 2}]}', '/routes/0/sample'],
    ['{"routes": [{"match": "a", "delivery": "twice"}]}', 'at-least-once'],
    ['{"maxEventBytes": 2000000}', '/maxEventBytes'],
    ['{"session": {"inactivity": 5}}', '"inactivity"'],
    ['{"topic": "no spaces"}', '/topic'],
    ['{"redisUrl": "localhost:6379"}', '/redisUrl'],
    ['{"maxDepth": 8,}', 'not valid JSON'],
  ])('refuses %s, saying %s', (text, detail) => {
    const error = refusal(text)
    expect(error.variable).toBe('CLICKSTREAM_CONFIG')
    expect(error.message).toContain('collector.json')
    expect(error.message).toContain(detail)
  })

  it('knows every key of the collector config, so none is refused by mistake', () => {
    const known = Object.keys(configFileSchema.properties)
    for (const key of Object.keys(collectorConfigDefaults)) expect(known).toContain(key)
  })
})

describe('docs/configuration.md', () => {
  const doc = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8')

  it('shows an example the collector accepts, the one tested above', () => {
    const block = /```json\n([\s\S]*?)\n```/.exec(doc)![1]!
    expect(parseConfigFile(block, 'docs/configuration.md')).toEqual(example)
  })

  it('documents every key of the config file', () => {
    for (const key of Object.keys(configFileSchema.properties)) {
      if (key !== '$schema') expect(doc).toContain(`| \`${key}`)
    }
  })
})

describe('readConfigFile', () => {
  it('reads a file', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'config-')), 'collector.json')
    writeFileSync(path, JSON.stringify({ maxDepth: 8 }))
    expect(readConfigFile(path)).toEqual({ maxDepth: 8 })
  })

  it('names a file it cannot read', () => {
    expect(() => readConfigFile('/nonexistent/collector.json')).toThrow(/cannot read \/nonexistent/)
  })
})
