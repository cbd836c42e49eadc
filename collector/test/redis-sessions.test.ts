import { randomUUID } from 'node:crypto'
import { pino } from 'pino'
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest'
import { startCollectorServer, type CollectorServer } from '../src/index.js'
import { pageView } from '../src/testing/events.js'
import { countRecords } from './helpers/consume.js'
import { consumeTopics } from './helpers/consume-topics.js'
import { startRedisServer, type RedisServer } from './helpers/redis-server.js'
// Brings in the type of `inject('kafkaBrokers')`, declared by the global setup.
import type {} from '../../test/kafka-global-setup.js'

const brokers = inject('kafkaBrokers').split(',')
const logger = pino({ enabled: false })
let redis: RedisServer
const servers: CollectorServer[] = []

beforeAll(async () => {
  redis = await startRedisServer()
})

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()))
})

afterAll(async () => {
  await redis?.stop()
})

/** Two collectors, as behind a round-robin load balancer, sharing one Redis and topics. */
async function twoCollectors() {
  const run = `test.redis.${randomUUID()}`
  const config = {
    host: '127.0.0.1',
    port: 0,
    brokers,
    // Binary records: the assertions read the attributes from the `ce_` headers.
    recordMode: 'binary' as const,
    spoolEnabled: false,
    logger,
    topic: `${run}.events`,
    sessionsTopic: `${run}.sessions`,
    deadLetterTopic: `${run}.deadletter`,
    redisUrl: redis.url,
    redisKeyPrefix: `${run}:`,
  }
  const pair = [await startCollectorServer(config), await startCollectorServer(config)]
  servers.push(...pair)
  return { pair, ...config }
}

const post = (server: CollectorServer, events: unknown[], headers: Record<string, string> = {}) =>
  fetch(`${server.url}/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain', ...headers },
    body: JSON.stringify(events),
  })

describe('two collectors sharing a Redis', () => {
  it('agree on visitors, sessions, numbering and duplicates', async () => {
    const { pair, topic, sessionsTopic } = await twoCollectors()
    const [a, b] = pair as [CollectorServer, CollectorServer]
    const now = Date.now()
    const time = (i: number) => new Date(now - 60_000 + i).toISOString()

    // One visitor whose requests alternate between the collectors.
    const alternating = [0, 1, 2, 3].map((i) =>
      pageView({
        anonymousid: 'alternating',
        sessionid: undefined,
        time: time(i),
        sentat: undefined,
      })
    )
    for (const [i, event] of alternating.entries()) {
      expect((await post(i % 2 ? b : a, [event])).status).toBe(200)
    }
    // Another visitor whose ten requests reach both collectors at once.
    const concurrent = Array.from({ length: 10 }, (_, i) =>
      pageView({
        anonymousid: 'concurrent',
        sessionid: undefined,
        time: time(i),
        sentat: undefined,
      })
    )
    const answers = await Promise.all(concurrent.map((event, i) => post(i % 2 ? b : a, [event])))
    expect(answers.map((r) => r.status)).toEqual(concurrent.map(() => 200))
    // A cookieless visitor (no ids): same site, address and user agent, so the same daily hash.
    const bare = [0, 1].map((i) =>
      pageView({ anonymousid: undefined, sessionid: undefined, time: time(i), sentat: undefined })
    )
    for (const [i, event] of bare.entries()) {
      await post(i ? b : a, [event], {
        'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0',
      })
    }
    // A batch retried on the other collector is a duplicate there too.
    const retried = [pageView({ anonymousid: 'retry' }), pageView({ anonymousid: 'retry' })]
    expect(await (await post(a, retried)).json()).toEqual({ accepted: 2, rejected: [] })
    expect(await (await post(b, retried)).json()).toEqual({ accepted: 2, rejected: [] })

    const events = alternating.length + concurrent.length + bare.length + retried.length
    const { [topic]: stored, [sessionsTopic]: starts } = await consumeTopics(brokers, {
      [topic]: events,
      [sessionsTopic]: 4,
    })
    const of = (list: { id: string }[]) =>
      list.map((e) => stored!.find((r) => r.headers.ce_id === e.id)!.headers)

    const alternated = of(alternating)
    expect(new Set(alternated.map((h) => h.ce_collectorsessionid)).size).toBe(1)
    expect(alternated.map((h) => h.ce_collectorseq)).toEqual(['1', '2', '3', '4'])

    const raced = of(concurrent)
    expect(new Set(raced.map((h) => h.ce_collectorsessionid)).size).toBe(1)
    expect(raced.map((h) => Number(h.ce_collectorseq)).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 10 }, (_, i) => i + 1)
    )

    const hashed = of(bare)
    expect(hashed[0]!.ce_visitorid).toMatch(/^[0-9a-f]{32}$/)
    expect(hashed[1]!.ce_visitorid).toBe(hashed[0]!.ce_visitorid)
    expect(hashed[1]!.ce_collectorsessionid).toBe(hashed[0]!.ce_collectorsessionid)

    // One start per visitor, whichever collector saw it first.
    expect(starts!.map((s) => s.headers.ce_visitorid).sort()).toEqual(
      ['alternating', 'concurrent', hashed[0]!.ce_visitorid!, 'retry'].sort()
    )
    expect(await countRecords(brokers, topic)).toBe(events)
    expect(await countRecords(brokers, sessionsTopic)).toBe(4)
  })
})
