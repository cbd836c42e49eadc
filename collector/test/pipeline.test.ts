import { randomUUID } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import { DEAD_LETTER_TYPE, EVENT_TYPES, REASONS, type DeadLetterData } from '@clickstream/schema'
import { CloudEvent, emitterFor, httpTransport, Kafka, Mode } from 'cloudevents'
import { pino } from 'pino'
import { afterEach, describe, expect, inject, it } from 'vitest'
import { startCollectorServer, type CollectorServer, type ServerConfig } from '../src/index.js'
import { sampleKeeps } from '../src/pipeline/route.js'
import { pageView } from '../src/testing/events.js'
import { countRecords } from './helpers/consume.js'
import { consumeTopics, type TopicRecord } from './helpers/consume-topics.js'
// Brings in the type of `inject('kafkaBrokers')`, declared by the global setup.
import type {} from '../../test/kafka-global-setup.js'

const brokers = inject('kafkaBrokers').split(',')
const logger = pino({ enabled: false })
const servers: CollectorServer[] = []

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()))
})

/** Topics of their own for one test: events, dead letters, sessions. */
function topicsOf() {
  const run = `test.pipeline.${randomUUID()}`
  return {
    topic: `${run}.events`,
    deadLetterTopic: `${run}.deadletter`,
    sessionsTopic: `${run}.sessions`,
  }
}

async function collector(config: ServerConfig) {
  const server = await startCollectorServer({
    host: '127.0.0.1',
    port: 0,
    brokers,
    // Binary records: the assertions read the attributes from the `ce_` headers.
    recordMode: 'binary',
    spoolEnabled: false,
    logger,
    ...config,
  })
  servers.push(server)
  return server
}

function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${url}/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain;charset=UTF-8', ...headers },
    body: typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body),
  })
}

/** What a Kafka consumer hands `Kafka.toEvent`: key, value and headers as strings. */
function decode(record: TopicRecord) {
  const message = {
    key: record.key ?? '',
    value: record.value,
    headers: record.headers,
    body: null,
  }
  return Kafka.toEvent(message)
}

const minutes = (n: number) => n * 60_000
const at = (ms: number) => new Date(ms).toISOString()

describe('the pipeline with a real Kafka', () => {
  it('accepts every CloudEvents HTTP mode and stores records the cloudevents SDK decodes', async () => {
    const topics = topicsOf()
    const server = await collector(topics)
    const url = `${server.url}/v1/events`
    const batch = [pageView(), pageView()]
    const plain = pageView()
    const zipped = pageView()
    const sdk = (name: string) =>
      new CloudEvent({
        source: 'https://shop.example',
        type: EVENT_TYPES.action,
        data: { name },
        anonymousid: 'sdk-visitor',
      })
    const structured = sdk('structured')
    const binary = sdk('binary')

    const answers = [
      await post(server.url, batch, { 'content-type': 'application/cloudevents-batch+json' }),
      await post(server.url, [plain]),
      await post(server.url, gzipSync(JSON.stringify([zipped])), { 'content-encoding': 'gzip' }),
      await fetch(
        `${server.url}/v1/p.gif?site=pixel-site&url=https://shop.example/landing&title=Landing`
      ),
    ]
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200])
    // The official SDK's emitter, over HTTP, in both modes it has.
    for (const [mode, event] of [
      [Mode.STRUCTURED, structured],
      [Mode.BINARY, binary],
    ] as const) {
      const response = (await emitterFor(httpTransport(url), { mode })(event)) as { body: string }
      expect(JSON.parse(response.body)).toEqual({ accepted: 1, rejected: [] })
    }

    const { [topics.topic]: records } = await consumeTopics(brokers, { [topics.topic]: 7 })
    const byId = new Map(records!.map((record) => [record.headers.ce_id, record]))
    for (const event of [...batch, plain, zipped, structured, binary]) {
      const record = byId.get(event.id)!
      expect(record).toBeDefined()
      expect(decode(record)).toMatchObject({ id: event.id, type: event.type, data: event.data })
    }
    const pixel = records!.find((r) => r.headers.ce_source === 'pixel-site')!
    expect(decode(pixel)).toMatchObject({
      type: EVENT_TYPES.pageView,
      data: { url: 'https://shop.example/landing', path: '/landing', title: 'Landing' },
    })
  })

  it('dead-letters every rejected event and body with its reason, stage and payload', async () => {
    const topics = topicsOf()
    const server = await collector({
      ...topics,
      acceptUnknownTypes: false,
      maxEventBytes: 2048,
      maxStringLength: 512,
      maxBatchEvents: 6,
    })
    const valid = pageView()
    const rejects = {
      [REASONS.invalidEnvelope]: { ...pageView(), source: undefined },
      [REASONS.invalidData]: pageView({ type: EVENT_TYPES.click, data: { x: 1, y: 2 } }),
      [REASONS.eventTooLarge]: pageView({
        a1: 'x'.repeat(500),
        a2: 'x'.repeat(500),
        a3: 'x'.repeat(500),
        a4: 'x'.repeat(500),
      }),
      [REASONS.unknownType]: pageView({ type: 'shop.unregistered', data: {} }),
      [REASONS.limitExceeded]: pageView({ subject: 'x'.repeat(600) }),
    }
    const mixed = [valid, ...Object.values(rejects)]
    const response = await post(server.url, mixed)
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({
      accepted: 1,
      rejected: Object.entries(rejects).map(([reason, event], i) => ({
        index: i + 1,
        id: event.id,
        reason,
        detail: expect.any(String),
      })),
    })
    const bodies = {
      [REASONS.invalidJson]: '[{"specversion":',
      [REASONS.invalidBatch]: '"not a batch"',
      [REASONS.tooManyEvents]: JSON.stringify(Array.from({ length: 7 }, () => pageView())),
    }
    for (const [reason, body] of Object.entries(bodies)) {
      const answer = await post(server.url, body)
      expect(answer.status).toBe(400)
      expect(await answer.json()).toMatchObject({ error: reason })
    }

    const { [topics.deadLetterTopic]: letters, [topics.topic]: stored } = await consumeTopics(
      brokers,
      {
        [topics.deadLetterTopic]: 8,
        [topics.topic]: 1,
      }
    )
    expect(stored!.map((r) => r.headers.ce_id)).toEqual([valid.id])
    const byReason = new Map(
      letters!.map((record) => [
        record.headers.ce_reason,
        { record, data: JSON.parse(record.value!) as DeadLetterData },
      ])
    )
    expect([...byReason.keys()].sort()).toEqual(
      [...Object.keys(rejects), ...Object.keys(bodies)].sort()
    )
    for (const [reason, event] of Object.entries(rejects)) {
      const { record, data } = byReason.get(reason)!
      expect(record.headers).toMatchObject({ ce_type: DEAD_LETTER_TYPE, ce_stage: 'validate' })
      expect(decode(record)).toMatchObject({ type: DEAD_LETTER_TYPE, reason })
      expect(data).toMatchObject({
        reason,
        stage: 'validate',
        index: mixed.indexOf(event),
        eventId: event.id,
        receivedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        truncated: false,
      })
      expect(JSON.parse(data.payload)).toEqual(JSON.parse(JSON.stringify(event)))
    }
    for (const [reason, body] of Object.entries(bodies)) {
      const { data } = byReason.get(reason)!
      expect(data).toMatchObject({ reason, stage: 'decode', payload: body, truncated: false })
      expect(data).not.toHaveProperty('index')
    }
    const metrics = await (await fetch(`${server.url}/metrics`)).text()
    for (const reason of [...Object.keys(rejects), ...Object.keys(bodies)]) {
      expect(metrics).toContain(`clickstream_events_rejected_total{reason="${reason}"} 1`)
    }
  })

  it('sessionizes by the rules and emits each session start to the sessions topic', async () => {
    const topics = topicsOf()
    const server = await collector(topics)
    const t0 = Date.now() - 30 * 3_600_000
    const event = (offset: number, overrides: Record<string, unknown> = {}) =>
      pageView({ time: at(t0 + offset), sentat: undefined, anonymousid: 'visitor-1', ...overrides })
    const visitor1 = [
      event(0, { sessionid: 'sdk-1' }), // new visitor: adopts the SDK's session id
      event(minutes(10), { sessionid: 'sdk-1' }), // same session
      event(minutes(45), { sessionid: 'sdk-1' }), // 35 minutes idle: a new session, the SDK kept its id
      event(minutes(50), { sessionid: 'sdk-2' }), // the SDK switched: a new session with its id
    ]
    // Active every 20 minutes for over 24 hours: cut at 24 hours.
    const marathon = Array.from({ length: 75 }, (_, i) =>
      pageView({
        time: at(t0 + minutes(20 * i)),
        sentat: undefined,
        anonymousid: 'visitor-2',
        sessionid: 'm-1',
      })
    )
    // A page view from another campaign: a new session (as Google Analytics does).
    const campaign = [0, 5].map((offset, i) =>
      pageView({
        time: at(t0 + minutes(offset)),
        sentat: undefined,
        anonymousid: 'visitor-3',
        sessionid: 'c-1',
        data: { url: `https://shop.example/?utm_source=mail&utm_campaign=c${i}`, path: '/' },
      })
    )
    for (const batch of [visitor1.slice(0, 2), visitor1.slice(2), marathon, campaign]) {
      expect((await post(server.url, batch)).status).toBe(200)
    }
    const { [topics.sessionsTopic]: starts, [topics.topic]: stored } = await consumeTopics(
      brokers,
      {
        [topics.sessionsTopic]: 7,
        [topics.topic]: visitor1.length + marathon.length + campaign.length,
      }
    )
    const reasonsOf = (visitor: string) =>
      starts!
        .filter((s) => s.headers.ce_visitorid === visitor)
        .sort((a, b) => a.headers.ce_time!.localeCompare(b.headers.ce_time!))
        .map((s) => [JSON.parse(s.value!).reason, s.key])
    const sessionOf = (id: string) => stored!.find((r) => r.headers.ce_id === id)!
    const ids = visitor1.map((e) => sessionOf(e.id).headers.ce_collectorsessionid)
    expect(ids[0]).toBe('sdk-1')
    expect(ids[1]).toBe('sdk-1')
    expect(ids[2]).not.toBe('sdk-1')
    expect(ids[3]).toBe('sdk-2')
    expect(visitor1.map((e) => sessionOf(e.id).headers.ce_collectorseq)).toEqual([
      '1',
      '2',
      '1',
      '1',
    ])
    expect(reasonsOf('visitor-1')).toEqual([
      ['new_visitor', 'sdk-1'],
      ['inactivity', ids[2]],
      ['client', 'sdk-2'],
    ])
    expect(reasonsOf('visitor-3').map(([reason]) => reason)).toEqual(['new_visitor', 'campaign'])
    expect(reasonsOf('visitor-2').map(([reason]) => reason)).toEqual([
      'new_visitor',
      'max_duration',
    ])
    // Records are keyed by the collector's session, so one session stays on one partition.
    for (const record of stored!) expect(record.key).toBe(record.headers.ce_collectorsessionid)
    const previous = starts!.find((s) => s.key === 'sdk-2')!
    expect(JSON.parse(previous.value!)).toEqual({ reason: 'client', previousSessionId: ids[2] })
  })

  it('publishes nothing twice when a batch is retried, and counts the duplicates', async () => {
    const topics = topicsOf()
    const server = await collector(topics)
    const batch = [pageView(), pageView(), pageView()]
    for (let attempt = 0; attempt < 2; attempt++) {
      const response = await post(server.url, batch)
      expect(await response.json()).toEqual({ accepted: 3, rejected: [] })
    }
    await consumeTopics(brokers, { [topics.topic]: 3, [topics.sessionsTopic]: 1 })
    expect(await countRecords(brokers, topics.topic)).toBe(3)
    expect(await countRecords(brokers, topics.sessionsTopic)).toBe(1)
    const metrics = await (await fetch(`${server.url}/metrics`)).text()
    expect(metrics).toContain('clickstream_events_duplicate_total 3')
    expect(metrics).toContain('clickstream_events_accepted_total 6')
  })

  it('routes by the configured rules: several topics, sampling and drops, all counted', async () => {
    const topics = topicsOf()
    const extra = `${topics.topic}.funnel`
    const server = await collector({
      ...topics,
      routes: [
        { match: EVENT_TYPES.click, sample: 0.5, name: 'half-clicks' },
        { match: 'shop.debug_*', drop: true, name: 'no-debug' },
        { match: [EVENT_TYPES.action, 'shop.*'], topics: [topics.topic, extra] },
      ],
    })
    const clicks = Array.from({ length: 20 }, () =>
      pageView({
        type: EVENT_TYPES.click,
        data: { element: { tag: 'a', selector: 'a' }, x: 1, y: 2 },
      })
    )
    const debug = [
      pageView({ type: 'shop.debug_trace', data: {} }),
      pageView({ type: 'shop.debug_x', data: {} }),
    ]
    const actions = [
      pageView({ type: EVENT_TYPES.action, data: { name: 'buy' } }),
      pageView({ type: 'shop.checkout', data: {} }),
    ]
    const view = pageView()
    const response = await post(server.url, [...clicks, ...debug, ...actions, view])
    expect(await response.json()).toEqual({ accepted: 25, rejected: [] })
    const kept = clicks.filter((c) => sampleKeeps(c.id, 0.5)).length
    expect(kept).toBeGreaterThan(0)
    expect(kept).toBeLessThan(20)
    await consumeTopics(brokers, {
      [topics.topic]: kept + 3,
      [extra]: 2,
      [topics.sessionsTopic]: 1,
    })
    expect(await countRecords(brokers, topics.topic)).toBe(kept + 3)
    expect(await countRecords(brokers, extra)).toBe(2)
    const metrics = await (await fetch(`${server.url}/metrics`)).text()
    expect(metrics).toContain(
      `clickstream_events_filtered_total{route="half-clicks",reason="sampled"} ${20 - kept}`
    )
    expect(metrics).toContain('clickstream_events_filtered_total{route="no-debug",reason="drop"} 2')
  })

  it('writes structured records by default, which Kafka.toEvent decodes', async () => {
    const topics = topicsOf()
    const server = await collector({ ...topics, recordMode: undefined })
    const event = pageView()
    expect((await post(server.url, [event])).status).toBe(200)
    const { [topics.topic]: records } = await consumeTopics(brokers, { [topics.topic]: 1 })
    const record = records![0]!
    expect(record.headers['content-type']).toMatch(/^application\/cloudevents\+json/)
    expect(record.key).toBe(event.sessionid)
    expect(decode(record)).toMatchObject({
      id: event.id,
      data: event.data,
      collectorseq: 1,
      partitionkey: event.sessionid,
    })
  })
})
