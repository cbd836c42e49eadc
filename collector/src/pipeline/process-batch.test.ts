import { CONTENT_TYPES, EVENT_TYPES, REASONS, TOPICS } from '@clickstream/schema'
import { describe, expect, it } from 'vitest'
import { collectorConfigDefaults, withDefaults, type CollectorConfig } from '../config.js'
import { createMemoryDedupStore } from '../dedup/memory-dedup-store.js'
import { UnavailableError } from '../errors.js'
import type { KafkaRecord } from '../publisher.js'
import { createMemorySessionStore } from '../session/memory-session-store.js'
import { pageView } from '../testing/events.js'
import { decodeBatch } from './decode.js'
import { createPipeline, type BatchInput } from './process-batch.js'

const receivedAt = Date.parse('2026-11-27T10:00:02.000Z')

function setup(config: CollectorConfig = {}) {
  const records: KafkaRecord[] = []
  let failure: Error | undefined
  // Binary records: the assertions read the attributes from the `ce_` headers.
  const settings = withDefaults<CollectorConfig>(collectorConfigDefaults, {
    recordMode: 'binary',
    ...config,
  })
  const dedupStore = createMemoryDedupStore()
  const pipeline = createPipeline(settings, {
    sessionStore: createMemorySessionStore(),
    dedupStore,
    publish: async (batch) => {
      if (failure) throw failure
      records.push(...batch)
    },
  })
  let requests = 0
  const run = (events: unknown[], overrides: Partial<BatchInput> = {}) => {
    const body = JSON.stringify(events)
    return pipeline.process({
      decoded: decodeBatch(body, CONTENT_TYPES.text, settings),
      body,
      facts: { receivedAt, clientIp: '203.0.113.0', userAgent: undefined },
      visitor: { cookieVisitorId: undefined, userAgent: 'UA' },
      token: `request-${++requests}`,
      ...overrides,
    })
  }
  return { run, records, failWith: (error?: Error) => void (failure = error), settings }
}

const topicsOf = (records: KafkaRecord[]) => records.map((r) => [r.topic, r.headers.ce_type])

describe('createPipeline', () => {
  it('publishes valid events with the session start first, and dead-letters the rest', async () => {
    const { run, records } = setup()
    const good = pageView()
    const outcome = await run([good, { id: 'broken' }])
    expect(outcome).toMatchObject({
      ok: true,
      accepted: 1,
      rejected: [{ index: 1, id: 'broken', reason: REASONS.invalidEnvelope }],
      duplicates: 0,
      sessionsStarted: ['new_visitor'],
      lastVisit: { visitorId: good.anonymousid, sessionId: good.sessionid },
    })
    expect(topicsOf(records)).toEqual([
      [TOPICS.sessions, EVENT_TYPES.sessionStart],
      [TOPICS.events, EVENT_TYPES.pageView],
      [TOPICS.deadLetter, 'clickstream.dead_letter'],
    ])
    expect(records[1]).toMatchObject({
      key: good.sessionid,
      headers: {
        ce_id: good.id,
        ce_collectorsessionid: good.sessionid,
        ce_collectorseq: '1',
        ce_visitorid: good.anonymousid,
        ce_clientip: '203.0.113.0',
        ce_receivedat: '2026-11-27T10:00:02.000Z',
      },
    })
    expect(JSON.parse(records[2]!.value!)).toMatchObject({
      index: 1,
      reason: 'invalid_envelope',
      stage: 'validate',
    })
  })

  it('dead-letters a body rejected as a whole, then reports it', async () => {
    const { settings, records } = setup()
    const pipeline = createPipeline(settings, {
      sessionStore: createMemorySessionStore(),
      dedupStore: createMemoryDedupStore(),
      publish: async (batch) => void records.push(...batch),
    })
    const outcome = await pipeline.process({
      decoded: decodeBatch('{nope', CONTENT_TYPES.text, settings),
      body: '{nope',
      facts: { receivedAt, clientIp: undefined, userAgent: undefined },
      visitor: { cookieVisitorId: undefined, userAgent: '' },
      token: 't',
    })
    expect(outcome).toMatchObject({ ok: false, reason: REASONS.invalidJson })
    expect(records).toHaveLength(1)
    expect(JSON.parse(records[0]!.value!)).toMatchObject({
      reason: 'invalid_json',
      stage: 'decode',
      payload: '{nope',
    })
  })

  it('publishes nothing twice when a batch is retried, and answers it as accepted', async () => {
    const { run, records } = setup()
    const batch = [pageView(), pageView()]
    await run(batch)
    const published = records.length
    const retry = await run(batch)
    expect(retry).toMatchObject({ ok: true, accepted: 2, duplicates: 2, sessionsStarted: [] })
    expect(records).toHaveLength(published)
  })

  it('lets a retry through after a failed publish, with its session start', async () => {
    const { run, records, failWith } = setup()
    const batch = [pageView({ sessionid: undefined })]
    failWith(new UnavailableError(5))
    await expect(run(batch)).rejects.toBeInstanceOf(UnavailableError)
    failWith(undefined)
    expect(await run(batch)).toMatchObject({ ok: true, duplicates: 0 })
    expect(topicsOf(records)).toEqual([
      [TOPICS.sessions, EVENT_TYPES.sessionStart],
      [TOPICS.events, EVENT_TYPES.pageView],
    ])
  })

  it('derives a visitor for events without ids and keeps one session for them', async () => {
    const { run, records } = setup()
    const bare = () => pageView({ anonymousid: undefined, sessionid: undefined })
    await run([bare()])
    await run([bare()])
    const views = records.filter((r) => r.headers.ce_type === EVENT_TYPES.pageView)
    expect(views[0]!.headers.ce_visitorid).toMatch(/^[0-9a-f]{32}$/)
    expect(views[1]!.headers.ce_visitorid).toBe(views[0]!.headers.ce_visitorid)
    expect(views[1]!.headers.ce_collectorsessionid).toBe(views[0]!.headers.ce_collectorsessionid)
    expect(views.map((r) => r.headers.ce_collectorseq)).toEqual(['1', '2'])
  })

  it('keeps a session per visitor when their events alternate within a batch', async () => {
    const { run, records } = setup()
    const of = (visitor: string) => pageView({ anonymousid: visitor, sessionid: `s-${visitor}` })
    await run([of('a'), of('b'), of('a'), of('b')])
    const views = records.filter((r) => r.headers.ce_type === EVENT_TYPES.pageView)
    expect(views.map((r) => [r.headers.ce_visitorid, r.headers.ce_collectorseq])).toEqual([
      ['a', '1'],
      ['a', '2'],
      ['b', '1'],
      ['b', '2'],
    ])
  })

  it('counts what routes drop and still answers it as accepted', async () => {
    const { run, records } = setup({
      routes: [{ match: 'clickstream.page_view', drop: true, name: 'no-views' }],
    })
    const outcome = await run([pageView()])
    expect(outcome).toMatchObject({
      ok: true,
      accepted: 1,
      dropped: [{ route: 'no-views', reason: 'drop' }],
    })
    expect(topicsOf(records)).toEqual([[TOPICS.sessions, EVENT_TYPES.sessionStart]])
  })

  it('answers 503 when another request is publishing the same events', async () => {
    const records: KafkaRecord[] = []
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    const settings = withDefaults<CollectorConfig>(collectorConfigDefaults, {
      recordMode: 'binary',
    })
    const pipeline = createPipeline(settings, {
      sessionStore: createMemorySessionStore(),
      dedupStore: createMemoryDedupStore(),
      publish: async (batch) => {
        await gate
        records.push(...batch)
      },
    })
    const body = JSON.stringify([pageView()])
    const input = (token: string): BatchInput => ({
      decoded: decodeBatch(body, CONTENT_TYPES.text, settings),
      body,
      facts: { receivedAt, clientIp: undefined, userAgent: undefined },
      visitor: { cookieVisitorId: undefined, userAgent: '' },
      token,
    })
    const first = pipeline.process(input('a'))
    await new Promise((resolve) => setTimeout(resolve, 10))
    const second = pipeline.process(input('b'))
    await expect(second).rejects.toBeInstanceOf(UnavailableError)
    release()
    expect(await first).toMatchObject({ ok: true, accepted: 1 })
    expect(records.filter((r) => r.headers.ce_type === EVENT_TYPES.pageView)).toHaveLength(1)
  })

  it('answers 503, storing nothing, when the session store fails', async () => {
    const records: KafkaRecord[] = []
    const settings = withDefaults<CollectorConfig>(collectorConfigDefaults, {})
    const pipeline = createPipeline(settings, {
      sessionStore: {
        update: () => Promise.reject(new Error('redis down')),
        dailySalt: () => Promise.reject(new Error('redis down')),
      },
      dedupStore: createMemoryDedupStore(),
      publish: async (batch) => void records.push(...batch),
    })
    const body = JSON.stringify([pageView()])
    const outcome = pipeline.process({
      decoded: decodeBatch(body, CONTENT_TYPES.text, settings),
      body,
      facts: { receivedAt, clientIp: undefined, userAgent: undefined },
      visitor: { cookieVisitorId: undefined, userAgent: '' },
      token: 't',
    })
    await expect(outcome).rejects.toMatchObject({ status: 503, retryAfterSeconds: 5 })
    expect(records).toEqual([])
  })

  it('writes structured records when told to', async () => {
    const { run, records } = setup({ recordMode: 'structured' })
    await run([pageView()])
    expect(records[1]!.headers).toEqual({
      'content-type': 'application/cloudevents+json; charset=UTF-8',
    })
  })

  it('refuses site schemas that do not compile, at creation', () => {
    const settings = withDefaults<CollectorConfig>(collectorConfigDefaults, {
      eventSchemas: { 'shop.x': { type: 'nope' } },
    })
    expect(() =>
      createPipeline(settings, {
        sessionStore: createMemorySessionStore(),
        dedupStore: createMemoryDedupStore(),
        publish: async () => {},
      })
    ).toThrow(/eventSchemas\.shop\.x/)
  })
})
