import { randomUUID } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { createServer } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { Kafka } from 'cloudevents'
import { pino } from 'pino'
import { describe, expect, inject, it } from 'vitest'
import { createKafkaPublisher, startCollectorServer, type Compression } from '../src/index.js'
import { pageView } from '../src/testing/events.js'
import { consumeRecords, countRecords } from './helpers/consume.js'
// Brings in the type of `inject('kafkaBrokers')`, declared by the global setup.
import type {} from '../../test/kafka-global-setup.js'

const brokers = inject('kafkaBrokers').split(',')
const logger = pino({ enabled: false })

const uniqueTopic = () => `test.collector.${randomUUID()}`
// A spool of its own for each collector: one process at a time may use a spool directory.
const spoolDir = () => mkdtempSync(path.join(os.tmpdir(), 'collector-test-spool-'))

function post(url: string, body: unknown) {
  return fetch(`${url}/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain;charset=UTF-8' },
    body: JSON.stringify(body),
  })
}

/** A TCP port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

describe('collector with a real Kafka', () => {
  for (const compression of ['none', 'gzip'] as Compression[]) {
    it(`stores a batch in Kafka before answering 200 (compression ${compression})`, async () => {
      const topic = uniqueTopic()
      const server = await startCollectorServer({
        host: '127.0.0.1',
        port: 0,
        brokers,
        topic,
        compression,
        // Binary records: the assertions read the attributes from the `ce_` headers.
        recordMode: 'binary',
        spoolDir: spoolDir(),
        logger,
      })
      try {
        const events = [
          pageView({ sessionid: 'session-a' }),
          pageView({ sessionid: 'session-b' }),
          pageView({ sessionid: 'session-a' }),
        ]
        const response = await post(server.url, events)
        expect(await response.json()).toEqual({ accepted: 3, rejected: [] })
        expect(response.status).toBe(200)

        const records = await consumeRecords({ brokers, topic, count: 3 })
        for (const event of events) {
          const record = records.find((r) => r.headers.ce_id === event.id)!
          expect(record.key).toBe(event.sessionid)
          expect(JSON.parse(record.value!)).toEqual(event.data)
          expect(record.headers).toMatchObject({
            'content-type': 'application/json',
            ce_specversion: '1.0',
            ce_source: event.source,
            ce_type: event.type,
            ce_time: event.time,
            ce_subject: event.subject,
            ce_anonymousid: event.anonymousid,
            ce_sessionid: event.sessionid,
            ce_seq: String(event.seq),
            ce_sentat: event.sentat,
            ce_receivedat: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
            ce_partitionkey: event.sessionid,
          })
          const message = { ...record, key: record.key!, body: null }
          const decoded = Kafka.toEvent(message)
          expect(decoded).toMatchObject({ id: event.id, type: event.type, data: event.data })
        }
        // One session, one partition, in the order sent.
        const sessionA = records.filter((r) => r.key === 'session-a')
        expect(new Set(sessionA.map((r) => r.partition)).size).toBe(1)
        expect(sessionA.map((r) => r.headers.ce_id)).toEqual([events[0]!.id, events[2]!.id])
      } finally {
        await server.close()
      }
    })
  }

  it('puts only the valid events of a mixed batch in Kafka', async () => {
    const topic = uniqueTopic()
    const server = await startCollectorServer({
      host: '127.0.0.1',
      port: 0,
      brokers,
      topic,
      recordMode: 'binary',
      spoolDir: spoolDir(),
      logger,
    })
    try {
      const valid = [pageView(), pageView()]
      const response = await post(server.url, [valid[0], { id: 'broken' }, valid[1]])
      expect(response.status).toBe(400)
      expect(await response.json()).toMatchObject({
        accepted: 2,
        rejected: [{ index: 1, id: 'broken', reason: 'invalid_envelope' }],
      })
      const records = await consumeRecords({ brokers, topic, count: 2 })
      expect(records.map((r) => r.headers.ce_id).sort()).toEqual(valid.map((e) => e.id).sort())
      expect(await countRecords(brokers, topic)).toBe(2)
    } finally {
      await server.close()
    }
  })

  it('answers 503 with Retry-After, not 200, when Kafka is unreachable', async () => {
    const publisher = createKafkaPublisher({
      brokers: [`127.0.0.1:${await closedPort()}`],
      retries: 0,
      connectionTimeoutMs: 500,
      publishTimeoutMs: 5_000,
    })
    const server = await startCollectorServer({ host: '127.0.0.1', port: 0, publisher, logger })
    try {
      const response = await post(server.url, [pageView()])
      expect(response.status).toBe(503)
      expect(response.headers.get('retry-after')).toBe('5')
      expect(await response.json()).toMatchObject({ error: 'unavailable' })
      const metrics = await (await fetch(`${server.url}/metrics`)).text()
      expect(metrics).toContain('clickstream_publish_failures_total 1')
    } finally {
      await server.close()
      await publisher.close()
    }
  })
})
