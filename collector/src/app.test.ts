import { Writable } from 'node:stream'
import { CONTENT_TYPES, REASONS, TOPICS } from '@clickstream/schema'
import { pino } from 'pino'
import { describe, expect, it } from 'vitest'
import { createCollector, type CollectorOptions } from './app.js'
import type { CollectorConfig } from './config.js'
import type { Readiness } from './delivery/readiness.js'
import { createMetrics } from './metrics.js'
import { pageView } from './testing/events.js'
import { createMemoryPublisher } from './testing/memory-publisher.js'

const url = 'http://collector.test/v1/events'
const now = Date.parse('2026-11-27T10:00:02.000Z')

function setup(config: CollectorConfig = {}, options: Partial<CollectorOptions> = {}) {
  const publisher = createMemoryPublisher()
  const logs: Record<string, unknown>[] = []
  const logger = pino(
    { level: 'debug' },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        logs.push(JSON.parse(chunk.toString()) as Record<string, unknown>)
        done()
      },
    })
  )
  const metrics = createMetrics()
  // Binary records: the assertions read the attributes from the `ce_` headers.
  const app = createCollector({
    publisher,
    config: { recordMode: 'binary', ...config },
    clock: () => now,
    logger,
    metrics,
    ...options,
  })
  const post = async (body: unknown, headers: Record<string, string> = {}) =>
    app.request(url, {
      method: 'POST',
      body: typeof body === 'string' ? body : JSON.stringify(body),
      headers: { 'content-type': 'text/plain;charset=UTF-8', ...headers },
    })
  const scrape = async () => (await app.request('/metrics')).text()
  return { app, publisher, logs, post, scrape }
}

/** A body that arrives in chunks without Content-Length, as with chunked transfer encoding. */
function streamed(text: string, chunkBytes = 1024): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text)
  let offset = 0
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close()
      controller.enqueue(bytes.slice(offset, (offset += chunkBytes)))
    },
  })
}

describe('POST /v1/events', () => {
  it('answers 200 with the count once the publisher acknowledged every event', async () => {
    const { post, publisher } = setup({ topic: 'test.events' })
    const events = [pageView(), pageView({ sessionid: 'session-2' })]
    const response = await post(events)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ accepted: 2, rejected: [] })
    const stored = publisher.records.filter((r) => r.topic === 'test.events')
    expect(stored.map((r) => [r.topic, r.key, r.headers.ce_id])).toEqual([
      ['test.events', 'session-1', events[0]!.id],
      ['test.events', 'session-2', events[1]!.id],
    ])
    expect(stored[0]!.headers.ce_receivedat).toBe('2026-11-27T10:00:02.000Z')
    // Each new session's start goes first, to the sessions topic.
    expect(publisher.records.filter((r) => r.topic === TOPICS.sessions)).toHaveLength(2)
  })

  it.each([
    ['text/plain;charset=UTF-8', [pageView()]],
    [CONTENT_TYPES.batch, [pageView()]],
    [CONTENT_TYPES.json, [pageView()]],
    [CONTENT_TYPES.json, pageView()],
    [`${CONTENT_TYPES.structured}; charset=utf-8`, pageView()],
  ])('accepts %s', async (contentType, body) => {
    const { post, publisher } = setup()
    const response = await post(body, { 'content-type': contentType })
    expect(response.status).toBe(200)
    expect(publisher.records.filter((r) => r.topic === TOPICS.events)).toHaveLength(1)
  })

  it('does not answer before the publisher acknowledged', async () => {
    const { post, publisher } = setup()
    const release = publisher.hold()
    let answered = false
    const response = post([pageView()]).then((r) => ((answered = true), r))
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(answered).toBe(false)
    release()
    expect((await response).status).toBe(200)
  })

  it.each([['text/html'], ['application/x-www-form-urlencoded'], ['']])(
    'answers 415 unsupported_media_type to Content-Type %j',
    async (contentType) => {
      const { post, publisher } = setup()
      const response = await post([pageView()], { 'content-type': contentType })
      expect(response.status).toBe(415)
      expect(await response.json()).toMatchObject({ error: REASONS.unsupportedMediaType })
      expect(publisher.calls).toBe(0)
    }
  )

  it('answers 415 to a Content-Encoding it does not decode', async () => {
    const { post, publisher } = setup()
    const response = await post([pageView()], { 'content-encoding': 'br' })
    expect(response.status).toBe(415)
    expect(await response.json()).toMatchObject({ error: REASONS.unsupportedMediaType })
    expect(publisher.calls).toBe(0)
  })

  describe('body limit', () => {
    const limit = 2048
    const big = JSON.stringify([pageView({ subject: 'x'.repeat(4000) })])

    it('answers 413 payload_too_large when Content-Length is over the limit', async () => {
      const { post } = setup({ maxBodyBytes: limit })
      const response = await post(big, { 'content-length': String(big.length) })
      expect(response.status).toBe(413)
      expect(await response.json()).toMatchObject({ error: REASONS.payloadTooLarge })
    })

    it('answers 413 when a body without Content-Length grows over the limit', async () => {
      const { app, publisher } = setup({ maxBodyBytes: limit })
      const request = new Request(url, {
        method: 'POST',
        body: streamed(big),
        duplex: 'half',
        headers: { 'content-type': 'text/plain' },
      } as RequestInit)
      expect(request.headers.has('content-length')).toBe(false)
      const response = await app.request(request)
      expect(response.status).toBe(413)
      expect(publisher.calls).toBe(0)
    })

    it('answers 413 when the body is longer than its Content-Length claims', async () => {
      const { app, publisher } = setup({ maxBodyBytes: limit })
      const request = new Request(url, {
        method: 'POST',
        body: big,
        headers: { 'content-type': 'text/plain', 'content-length': '100' },
      })
      expect(request.headers.get('content-length')).toBe('100')
      const response = await app.request(request)
      expect(response.status).toBe(413)
      expect(publisher.calls).toBe(0)
    })

    it('accepts a streamed body under the limit', async () => {
      const { app } = setup()
      const request = new Request(url, {
        method: 'POST',
        body: streamed(JSON.stringify([pageView()]), 100),
        duplex: 'half',
        headers: { 'content-type': 'text/plain' },
      } as RequestInit)
      expect((await app.request(request)).status).toBe(200)
    })
  })

  it.each([
    ['a body that is not JSON', '[{"specversion":', REASONS.invalidJson, 1],
    ['bytes that are not UTF-8', new Uint8Array([0x5b, 0xff, 0x5d]), REASONS.invalidJson, 0],
    ['a JSON scalar', '42', REASONS.invalidBatch, 1],
    ['an empty batch', '[]', REASONS.emptyBatch, 0],
  ])('answers 400 to %s, dead-lettering a text body', async (_what, body, reason, letters) => {
    const { app, publisher } = setup()
    const response = await app.request(url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'text/plain' },
    })
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({ error: reason, message: expect.any(String) })
    expect(publisher.records.map((r) => [r.topic, r.headers.ce_reason])).toEqual(
      Array.from({ length: letters }, () => [TOPICS.deadLetter, reason])
    )
  })

  it('answers 400 too_many_events over maxBatchEvents, storing only its dead letter', async () => {
    const { post, publisher } = setup({ maxBatchEvents: 2 })
    const response = await post([pageView(), pageView(), pageView()])
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ error: REASONS.tooManyEvents })
    expect(publisher.records.map((r) => r.topic)).toEqual([TOPICS.deadLetter])
  })

  it('publishes exactly the valid events of a mixed batch and lists the others', async () => {
    const { post, publisher } = setup({ maxEventBytes: 4096, acceptUnknownTypes: false })
    const valid = [pageView(), pageView()]
    const noSpecversion: Record<string, unknown> = { ...pageView(), specversion: undefined }
    const badData = pageView({ data: { title: 'no url' } })
    // Each string is under maxStringLength (4096); together they are over maxEventBytes.
    const tooLarge = pageView({ subject: 'x'.repeat(3000), note: 'y'.repeat(2000) })
    const unknown = pageView({ type: 'shop.unknown' })
    const response = await post([noSpecversion, valid[0], badData, tooLarge, unknown, valid[1]])
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({
      accepted: 2,
      rejected: [
        {
          index: 0,
          id: noSpecversion.id,
          reason: REASONS.invalidEnvelope,
          detail: expect.any(String),
        },
        { index: 2, id: badData.id, reason: REASONS.invalidData, detail: expect.any(String) },
        { index: 3, id: tooLarge.id, reason: REASONS.eventTooLarge, detail: expect.any(String) },
        { index: 4, id: unknown.id, reason: REASONS.unknownType, detail: expect.any(String) },
      ],
    })
    const stored = publisher.records.filter((r) => r.topic === TOPICS.events)
    expect(stored.map((r) => r.headers.ce_id)).toEqual(valid.map((e) => e.id))
    const letters = publisher.records.filter((r) => r.topic === TOPICS.deadLetter)
    expect(letters.map((r) => r.headers.ce_reason)).toEqual([
      REASONS.invalidEnvelope,
      REASONS.invalidData,
      REASONS.eventTooLarge,
      REASONS.unknownType,
    ])
  })

  it('accepts types that are not built in by default', async () => {
    const { post } = setup()
    const response = await post([pageView({ type: 'shop.checkout_started', data: { step: 2 } })])
    expect(response.status).toBe(200)
  })

  it('answers 400 and stores only dead letters when every event is invalid', async () => {
    const { post, publisher } = setup()
    const response = await post([{ id: 'x' }])
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ accepted: 0, rejected: [{ index: 0, id: 'x' }] })
    expect(publisher.records.map((r) => r.topic)).toEqual([TOPICS.deadLetter])
  })

  it('answers 503 with Retry-After, and logs it, when the publisher fails', async () => {
    const { post, publisher, logs } = setup({ retryAfterSeconds: 9 })
    publisher.failWith(new Error('no leader for partition'))
    const response = await post([pageView()])
    expect(response.status).toBe(503)
    expect(response.headers.get('retry-after')).toBe('9')
    expect(await response.json()).toEqual({ error: 'unavailable', message: expect.any(String) })
    expect(logs).toContainEqual(
      expect.objectContaining({ level: 50, events: 2, err: expect.objectContaining({}) })
    )
  })

  it('answers 503 rather than 400 when valid events of a mixed batch were not stored', async () => {
    const { post, publisher } = setup()
    publisher.failWith(new Error('down'))
    expect((await post([pageView(), { id: 'bad' }])).status).toBe(503)
  })

  it('keeps serving after bad input and failures', async () => {
    const { post, publisher } = setup()
    expect((await post('{{{')).status).toBe(400)
    expect((await post('[]')).status).toBe(400)
    publisher.failWith(new Error('down'))
    expect((await post([pageView()])).status).toBe(503)
    publisher.failWith(undefined)
    expect((await post([pageView()])).status).toBe(200)
  })

  it('answers 500 internal without details when something unexpected breaks', async () => {
    const { post, logs } = setup(
      {},
      {
        clock: () => {
          throw new Error('clock exploded at /secret/path.ts:1')
        },
      }
    )
    const response = await post([pageView()])
    expect(response.status).toBe(500)
    const body = await response.text()
    expect(JSON.parse(body)).toEqual({ error: 'internal', message: 'internal error' })
    expect(body).not.toContain('secret')
    expect(logs).toContainEqual(expect.objectContaining({ level: 50, msg: 'unexpected error' }))
  })

  it('never logs the body or the client address', async () => {
    const { post, publisher, logs } = setup()
    publisher.failWith(new Error('down'))
    await post([pageView({ subject: '/very-private-path' })], { 'x-forwarded-for': '203.0.113.9' })
    const text = JSON.stringify(logs)
    expect(logs.length).toBeGreaterThan(0)
    expect(text).not.toContain('very-private-path')
    expect(text).not.toContain('203.0.113.9')
  })
})

describe('origins and CORS', () => {
  const shop = 'https://shop.example'

  it('answers a preflight from an allowed origin, cacheable for a day', async () => {
    const { app } = setup({ allowedOrigins: [shop] })
    const response = await app.request(url, {
      method: 'OPTIONS',
      headers: {
        origin: shop,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    })
    expect(response.status).toBe(204)
    expect(Object.fromEntries(response.headers)).toMatchObject({
      'access-control-allow-origin': shop,
      'access-control-allow-methods': 'POST',
      'access-control-allow-headers': expect.stringContaining('Content-Type'),
      'access-control-max-age': '86400',
      vary: expect.stringContaining('Origin'),
    })
    expect(response.headers.has('access-control-allow-credentials')).toBe(false)
  })

  it('allows any origin with "*"', async () => {
    const { app, post } = setup({ allowedOrigins: '*' })
    const preflight = await app.request(url, {
      method: 'OPTIONS',
      headers: { origin: 'https://anywhere.example', 'access-control-request-method': 'POST' },
    })
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*')
    const response = await post([pageView()], { origin: 'https://anywhere.example' })
    expect(response.status).toBe(200)
    expect(response.headers.get('access-control-allow-origin')).toBe('*')
  })

  it('does not allow a preflight from another origin', async () => {
    const { app } = setup({ allowedOrigins: [shop] })
    const response = await app.request(url, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    })
    expect(response.headers.has('access-control-allow-origin')).toBe(false)
  })

  it('lets an allowed origin read the answer and its Retry-After', async () => {
    const { post } = setup({ allowedOrigins: [shop] })
    const response = await post([pageView()], { origin: shop })
    expect(response.status).toBe(200)
    expect(response.headers.get('access-control-allow-origin')).toBe(shop)
    expect(response.headers.get('access-control-expose-headers')).toBe('Retry-After')
  })

  it('answers 403 origin_not_allowed to another origin, readable by that page', async () => {
    const { post, publisher } = setup({ allowedOrigins: [shop] })
    const response = await post([pageView()], { origin: 'https://evil.example' })
    expect(response.status).toBe(403)
    expect(await response.json()).toMatchObject({ error: REASONS.originNotAllowed })
    expect(response.headers.get('access-control-allow-origin')).toBe('https://evil.example')
    expect(publisher.calls).toBe(0)
  })

  it('accepts requests without Origin, like curl or a server', async () => {
    const { post } = setup({ allowedOrigins: [shop] })
    expect((await post([pageView()])).status).toBe(200)
  })

  it('exposes Retry-After on a 503 to an allowed origin', async () => {
    const { post, publisher } = setup({ allowedOrigins: [shop] })
    publisher.failWith(new Error('down'))
    const response = await post([pageView()], { origin: shop })
    expect(response.status).toBe(503)
    expect(response.headers.get('access-control-allow-origin')).toBe(shop)
    expect(response.headers.get('access-control-expose-headers')).toBe('Retry-After')
  })
})

describe('GET /healthz, GET /metrics, other routes', () => {
  it('answers health checks', async () => {
    const { app } = setup()
    const response = await app.request('/healthz')
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ status: 'ok' })
  })

  it('answers readiness probes with what can store events, 503 when nothing can', async () => {
    let readiness: Readiness = { ready: true, kafka: 'unavailable', spool: 'available' }
    const { app } = setup({}, { readiness: () => readiness })
    const ready = await app.request('/readyz')
    expect(ready.status).toBe(200)
    expect(await ready.json()).toEqual({
      status: 'ready',
      kafka: 'unavailable',
      spool: 'available',
    })
    readiness = { ready: false, kafka: 'unavailable', spool: 'full' }
    const notReady = await app.request('/readyz')
    expect(notReady.status).toBe(503)
    expect(await notReady.json()).toMatchObject({ status: 'not_ready', spool: 'full' })
    // Health stays about the process.
    expect((await app.request('/healthz')).status).toBe(200)
  })

  it('is ready by default', async () => {
    const { app } = setup()
    expect(await (await app.request('/readyz')).json()).toEqual({ status: 'ready' })
  })

  it('counts requests, accepted events and every rejection with its reason', async () => {
    const { post, scrape, publisher } = setup({ allowedOrigins: ['https://shop.example'] })
    await post([pageView(), pageView(), { id: 'x' }])
    await post('nope')
    await post([pageView()], { origin: 'https://evil.example' })
    await post([pageView()], { 'content-type': 'text/html' })
    publisher.failWith(new Error('down'))
    await post([pageView()])
    const text = await scrape()
    expect(text).toContain('clickstream_requests_total{status="400"} 2')
    expect(text).toContain('clickstream_requests_total{status="403"} 1')
    expect(text).toContain('clickstream_requests_total{status="415"} 1')
    expect(text).toContain('clickstream_requests_total{status="503"} 1')
    expect(text).toContain('clickstream_events_accepted_total 2')
    expect(text).toContain('clickstream_events_rejected_total{reason="invalid_envelope"} 1')
    expect(text).toContain('clickstream_events_rejected_total{reason="invalid_json"} 1')
    expect(text).toContain('clickstream_events_rejected_total{reason="origin_not_allowed"} 1')
    expect(text).toContain('clickstream_events_rejected_total{reason="unsupported_media_type"} 1')
    expect(text).toContain('clickstream_events_rejected_total{reason="event_too_large"} 0')
    expect(text).toContain('clickstream_publish_failures_total 1')
    // The batch, the dead letter of 'nope', the failed batch.
    expect(text).toContain('clickstream_publish_duration_seconds_count 3')
  })

  it('keeps the metrics of each collector apart', async () => {
    const first = setup()
    const second = setup()
    await first.post([pageView()])
    expect(await first.scrape()).toContain('clickstream_events_accepted_total 1')
    expect(await second.scrape()).toContain('clickstream_events_accepted_total 0')
  })

  it('serves metrics in the Prometheus text format', async () => {
    const { app } = setup()
    const response = await app.request('/metrics')
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
  })

  it('answers unknown routes with a JSON 404', async () => {
    const { app } = setup()
    const response = await app.request('/v2/events', { method: 'POST' })
    expect(response.status).toBe(404)
    expect(await response.json()).toMatchObject({ error: 'not_found' })
  })

  it('does nothing at construction', () => {
    const publisher = createMemoryPublisher()
    createCollector({ publisher })
    expect(publisher.calls).toBe(0)
  })
})
