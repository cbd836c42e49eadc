import { Readable, Writable } from 'node:stream'
import { gzipSync } from 'node:zlib'
import { CONTENT_TYPES, EVENT_TYPES, REASONS, TOPICS } from '@clickstream/schema'
import { CloudEvent, HTTP } from 'cloudevents'
import { pino } from 'pino'
import { describe, expect, it } from 'vitest'
import { createCollector } from '../app.js'
import type { CollectorConfig } from '../config.js'
import { pageView } from '../testing/events.js'
import { createMemoryPublisher } from '../testing/memory-publisher.js'
import type { Context } from 'hono'
import { bodySourceOf, PIXEL_GIF } from './ingest-routes.js'

const base = 'http://collector.test'
const now = Date.parse('2026-11-27T10:00:02.000Z')
const chrome =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'

/** What @hono/node-server hands the app: the socket the request came on. */
const socket = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress } } })

function setup(config: CollectorConfig = {}) {
  const publisher = createMemoryPublisher()
  const logs: string[] = []
  const logger = pino(
    { level: 'debug' },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        logs.push(chunk.toString())
        done()
      },
    })
  )
  // Binary records: the assertions read the attributes from the `ce_` headers.
  const app = createCollector({
    publisher,
    config: { recordMode: 'binary', ...config },
    clock: () => now,
    logger,
  })
  const events = () => publisher.records.filter((r) => r.topic === TOPICS.events)
  const send = (init: RequestInit & { path?: string }, peer = '198.51.100.23') =>
    app.request(`${base}${init.path ?? '/v1/events'}`, init, socket(peer))
  return { app, publisher, events, send, logs }
}

/** Lower-cased string headers, as a client sends them. */
const headersOf = (headers: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), String(v)]))

describe('CloudEvents HTTP modes', () => {
  const sdkEvent = () =>
    new CloudEvent({
      source: 'https://shop.example',
      type: EVENT_TYPES.action,
      data: { name: 'add_to_cart', properties: { sku: 'A-1' } },
      anonymousid: 'anon-9',
      sessionid: 'session-9',
      seq: 4,
    })

  it('accepts binary mode from the official SDK (HTTP.binary), ce- headers and data body', async () => {
    const { send, events } = setup()
    const event = sdkEvent()
    const message = HTTP.binary(event)
    const response = await send({
      method: 'POST',
      headers: headersOf(message.headers),
      body: message.body as string,
    })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ accepted: 1, rejected: [] })
    expect(events()).toMatchObject([
      {
        key: 'session-9',
        value: JSON.stringify(event.data),
        headers: {
          ce_id: event.id,
          ce_type: EVENT_TYPES.action,
          ce_seq: '4',
          ce_anonymousid: 'anon-9',
        },
      },
    ])
  })

  it('accepts structured mode from the official SDK (HTTP.structured)', async () => {
    const { send, events } = setup()
    const event = sdkEvent()
    const message = HTTP.structured(event)
    const response = await send({
      method: 'POST',
      headers: headersOf(message.headers),
      body: message.body as string,
    })
    expect(response.status).toBe(200)
    expect(events()[0]!.headers.ce_id).toBe(event.id)
  })

  it.each([CONTENT_TYPES.batch, CONTENT_TYPES.text])(
    'accepts a batch of SDK events as %s',
    async (type) => {
      const { send, events } = setup()
      const batch = [sdkEvent(), sdkEvent()]
      const response = await send({
        method: 'POST',
        headers: { 'content-type': type },
        body: JSON.stringify(batch),
      })
      expect(response.status).toBe(200)
      expect(events().map((r) => r.headers.ce_id)).toEqual(batch.map((e) => e.id))
    }
  )

  it('rejects a binary-mode event with bad data like any other, with a dead letter', async () => {
    const { send, publisher } = setup()
    const response = await send({
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'ce-specversion': '1.0',
        'ce-id': 'b1',
        'ce-source': 'https://shop.example',
        'ce-type': EVENT_TYPES.click,
      },
      body: JSON.stringify({ x: 1 }),
    })
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({
      rejected: [{ index: 0, id: 'b1', reason: REASONS.invalidData }],
    })
    expect(publisher.records.map((r) => r.topic)).toEqual([TOPICS.deadLetter])
  })

  it('accepts a binary-mode event whose data is text of any type', async () => {
    const { send, events } = setup()
    const response = await send({
      method: 'POST',
      headers: {
        'content-type': 'text/csv',
        'ce-specversion': '1.0',
        'ce-id': 'b2',
        'ce-source': 'https://shop.example',
        'ce-type': 'shop.export',
      },
      body: 'a,b\n1,2',
    })
    expect(response.status).toBe(200)
    expect(events()[0]).toMatchObject({
      value: 'a,b\n1,2',
      headers: { 'content-type': 'text/csv' },
    })
  })
})

describe('Content-Encoding: gzip', () => {
  it('inflates a gzip body', async () => {
    const { send, events } = setup()
    const body = gzipSync(JSON.stringify([pageView(), pageView()]))
    const response = await send({
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'content-encoding': 'gzip' },
      body,
    })
    expect(response.status).toBe(200)
    expect(events()).toHaveLength(2)
  })

  it('answers 413 to a small body that inflates past maxDecompressedBytes', async () => {
    const { send, publisher } = setup({ maxDecompressedBytes: 64 * 1024 })
    const bomb = gzipSync(Buffer.alloc(20 * 1024 * 1024, 0x20))
    expect(bomb.length).toBeLessThan(64 * 1024)
    const response = await send({
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'content-encoding': 'gzip' },
      body: bomb,
    })
    expect(response.status).toBe(413)
    expect(await response.json()).toMatchObject({ error: REASONS.payloadTooLarge })
    expect(publisher.calls).toBe(0)
  })
})

describe('GET /v1/p.gif', () => {
  it('answers a 1×1 GIF that nobody caches, and stores a page view of the referring page', async () => {
    const { send, events } = setup()
    const response = await send({
      path: '/v1/p.gif?title=Home',
      headers: { referer: 'https://shop.example/?utm_source=mail', 'user-agent': chrome },
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('image/gif')
    expect(response.headers.get('cache-control')).toContain('no-store')
    expect(Buffer.from(await response.arrayBuffer())).toEqual(PIXEL_GIF)
    expect(events()).toHaveLength(1)
    const record = events()[0]!
    expect(record.headers).toMatchObject({
      ce_type: EVENT_TYPES.pageView,
      ce_source: 'https://shop.example',
      ce_utmsource: 'mail',
      ce_uabrowser: 'Chrome',
      ce_clientip: '198.51.100.0',
    })
    expect(JSON.parse(record.value!)).toEqual({
      url: 'https://shop.example/?utm_source=mail',
      path: '/',
      title: 'Home',
    })
  })

  it('stores an e-mail open as a custom action', async () => {
    const { send, events } = setup()
    const response = await send({
      path: '/v1/p.gif?site=newsletter&type=action&name=email_open&prop.issue=42',
    })
    expect(response.status).toBe(200)
    expect(JSON.parse(events()[0]!.value!)).toEqual({
      name: 'email_open',
      properties: { issue: '42' },
    })
  })

  it('keeps one visitor and session for a cookieless reader across pixels', async () => {
    const { send, events } = setup()
    for (let i = 0; i < 2; i++) {
      await send({
        path: '/v1/p.gif?site=newsletter&type=action&name=email_open',
        headers: { 'user-agent': chrome },
      })
    }
    const [first, second] = events()
    expect(second!.headers.ce_visitorid).toBe(first!.headers.ce_visitorid)
    expect(second!.headers.ce_collectorsessionid).toBe(first!.headers.ce_collectorsessionid)
    expect(second!.headers.ce_collectorseq).toBe('2')
  })

  it('answers 400, still with the GIF, and dead-letters a pixel without a site', async () => {
    const { send, publisher } = setup()
    const response = await send({ path: '/v1/p.gif?type=action&name=x' })
    expect(response.status).toBe(400)
    expect(response.headers.get('content-type')).toBe('image/gif')
    expect(publisher.records.map((r) => [r.topic, r.headers.ce_reason])).toEqual([
      [TOPICS.deadLetter, REASONS.invalidEnvelope],
    ])
  })
})

describe('client address', () => {
  it('keeps only the truncated address of the peer, and ignores X-Forwarded-For from it', async () => {
    const { send, events } = setup()
    await send(
      {
        method: 'POST',
        headers: { 'content-type': 'text/plain', 'x-forwarded-for': '1.2.3.4' },
        body: JSON.stringify([pageView()]),
      },
      '203.0.113.77'
    )
    expect(events()[0]!.headers.ce_clientip).toBe('203.0.113.0')
  })

  it('honours X-Forwarded-For from a trusted proxy', async () => {
    const { send, events } = setup({ trustedProxies: ['10.0.0.0/8'] })
    await send(
      {
        method: 'POST',
        headers: {
          'content-type': 'text/plain',
          'x-forwarded-for': '2001:db8:85a3::8a2e:370:7334',
        },
        body: JSON.stringify([pageView()]),
      },
      '10.1.2.3'
    )
    expect(events()[0]!.headers.ce_clientip).toBe('2001:db8:85a3::')
  })

  it('keeps no address at all with clientIp: remove, and never logs one', async () => {
    const { send, events, publisher, logs } = setup({ clientIp: 'remove' })
    await send(
      {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: JSON.stringify([pageView()]),
      },
      '203.0.113.77'
    )
    expect(events()[0]!.headers).not.toHaveProperty('ce_clientip')
    publisher.failWith(new Error('down'))
    await send(
      {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: JSON.stringify([pageView()]),
      },
      '203.0.113.77'
    )
    expect(logs.length).toBeGreaterThan(0)
    expect(logs.join('')).not.toContain('203.0.113')
  })
})

describe('cookie mode', () => {
  const shop = 'https://shop.example'
  const config: CollectorConfig = { allowedOrigins: [shop], cookie: { enabled: true } }

  it('sets the visitor and session ids as HttpOnly SameSite=Lax cookies', async () => {
    const { send } = setup(config)
    const event = pageView()
    const response = await send({
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: shop },
      body: JSON.stringify([event]),
    })
    const cookies = response.headers.getSetCookie()
    expect(cookies).toEqual([
      expect.stringMatching(
        new RegExp(
          `^cs_vid=${event.anonymousid}; Max-Age=31536000; Path=/; HttpOnly; SameSite=Lax$`
        )
      ),
      expect.stringMatching(
        new RegExp(`^cs_sid=${event.sessionid}; Max-Age=1800; Path=/; HttpOnly; SameSite=Lax$`)
      ),
    ])
    expect(response.headers.get('access-control-allow-credentials')).toBe('true')
  })

  it('marks the cookies Secure when the client used HTTPS through a trusted proxy', async () => {
    const { send } = setup({ ...config, trustedProxies: ['10.0.0.0/8'] })
    const response = await send(
      {
        method: 'POST',
        headers: { 'content-type': 'text/plain', 'x-forwarded-proto': 'https' },
        body: JSON.stringify([pageView()]),
      },
      '10.0.0.1'
    )
    expect(response.headers.getSetCookie().every((c) => c.includes('; Secure'))).toBe(true)
  })

  it('takes the visitor from its cookie, over a new SDK anonymous id', async () => {
    const { send, events } = setup(config)
    await send({
      method: 'POST',
      headers: { 'content-type': 'text/plain', cookie: 'cs_vid=visitor-from-cookie' },
      body: JSON.stringify([pageView({ anonymousid: 'fresh-after-itp-purge' })]),
    })
    expect(events()[0]!.headers).toMatchObject({
      ce_visitorid: 'visitor-from-cookie',
      ce_anonymousid: 'fresh-after-itp-purge',
    })
  })

  it('sets no cookie when cookie mode is off', async () => {
    const { send } = setup()
    const response = await send({
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify([pageView()]),
    })
    expect(response.headers.getSetCookie()).toEqual([])
  })
})

describe('bodySourceOf', () => {
  const raw = new Request(`${base}/v1/events`, { method: 'POST', body: '[]' })
  const context = (env: unknown) => ({ env, req: { raw } }) as unknown as Context

  it("reads Node's request stream while nothing has read it", () => {
    const incoming = Readable.from(['[]'])
    expect(bodySourceOf(context({ incoming }))).toBe(incoming)
  })

  it('falls back to the web Request once something reads the stream, or without one', () => {
    const flowing = Readable.from(['[]'])
    flowing.on('data', () => {})
    expect(bodySourceOf(context({ incoming: flowing }))).toBe(raw)
    expect(bodySourceOf(context(undefined))).toBe(raw)
    expect(bodySourceOf(context(socket('203.0.113.9')))).toBe(raw)
  })
})
