import { randomUUID } from 'node:crypto'
import { Kafka, logLevel } from 'kafkajs'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createEventConsumer, DEAD_LETTER_HEADERS, type ClickstreamRecord } from '../src/index.js'

const brokers = inject('kafkaBrokers').split(',')
const kafka = new Kafka({ brokers, clientId: 'consumer-test', logLevel: logLevel.NOTHING })
const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 })

function record(id: string, seq: number) {
  return {
    key: 'session-1',
    value: JSON.stringify({ name: `action-${seq}` }),
    headers: {
      'content-type': 'application/json',
      ce_specversion: '1.0',
      ce_id: id,
      ce_source: 'https://shop.example',
      ce_type: 'clickstream.action',
      ce_sessionid: 'session-1',
      ce_seq: String(seq),
    },
  }
}

async function until(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

describe('createEventConsumer against a real Kafka', () => {
  beforeAll(() => producer.connect())
  afterAll(() => producer.disconnect())

  it('hands every event to the handler in partition order, decoded', async () => {
    const topic = `test.consumer.${randomUUID()}`
    await producer.send({ topic, acks: -1, messages: [1, 2, 3].map((n) => record(`e${n}`, n)) })
    const seen: ClickstreamRecord[] = []
    const consumer = createEventConsumer({
      brokers,
      groupId: `g-${randomUUID()}`,
      topics: [topic],
      fromBeginning: true,
      handle: (r) => void seen.push(r),
    })
    await consumer.start()
    try {
      await until(() => seen.length === 3)
    } finally {
      await consumer.stop()
    }
    expect(seen.map((r) => r.event.seq)).toEqual([1, 2, 3])
    expect(seen.map((r) => r.event.data)).toEqual([1, 2, 3].map((n) => ({ name: `action-${n}` })))
  })

  it('retries a failing handler, then dead-letters the original record and goes on', async () => {
    const topic = `test.consumer.${randomUUID()}`
    const deadLetterTopic = `${topic}.dlq`
    await producer.send({ topic, acks: -1, messages: [1, 2].map((n) => record(`e${n}`, n)) })
    const attempts = new Map<string, number>()
    const handled: string[] = []
    const consumer = createEventConsumer({
      brokers,
      groupId: `g-${randomUUID()}`,
      topics: [topic],
      fromBeginning: true,
      deadLetterTopic,
      retry: { retries: 2, initialDelayMs: 1 },
      handle: ({ event }) => {
        attempts.set(event.id, (attempts.get(event.id) ?? 0) + 1)
        if (event.id === 'e1') throw new Error('cannot handle e1')
        handled.push(event.id)
      },
    })
    await consumer.start()
    try {
      await until(() => handled.length === 1 && consumer.deadLettered === 1)
    } finally {
      await consumer.stop()
    }
    expect(attempts.get('e1')).toBe(3)
    expect(handled).toEqual(['e2'])

    const dead: Record<string, string>[] = []
    const reader = kafka.consumer({ groupId: `dlq-${randomUUID()}` })
    await reader.connect()
    await reader.subscribe({ topic: deadLetterTopic, fromBeginning: true })
    await reader.run({
      eachMessage: async ({ message }) => {
        dead.push(
          Object.fromEntries(
            Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])
          ) as Record<string, string>
        )
      },
    })
    try {
      await until(() => dead.length === 1)
    } finally {
      await reader.disconnect()
    }
    expect(dead[0]).toMatchObject({
      ce_id: 'e1',
      [DEAD_LETTER_HEADERS.error]: 'cannot handle e1',
      [DEAD_LETTER_HEADERS.stage]: 'handle',
      [DEAD_LETTER_HEADERS.sourceTopic]: topic,
    })
  })
})
