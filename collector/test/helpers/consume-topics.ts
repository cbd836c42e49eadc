import { randomUUID } from 'node:crypto'
import { Kafka, logLevel, type IHeaders } from 'kafkajs'
import type { ConsumedRecord } from './consume.js'

/** A consumed record with its topic. */
export interface TopicRecord extends ConsumedRecord {
  topic: string
}

function headersOf(headers: IHeaders | undefined): Record<string, string> {
  const strings: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value !== undefined) strings[name] = (Array.isArray(value) ? value[0]! : value).toString()
  }
  return strings
}

/**
 * Reads `counts[topic]` records of each topic from the beginning with one consumer group (one
 * group join for all of them), resolving once every topic has its count; rejects after
 * `timeoutMs` saying what arrived. Topics are created first, so none is missed.
 *
 * @example
 * const { [events]: stored, [deadLetters]: letters } = await consumeTopics(brokers, { [events]: 3, [deadLetters]: 1 })
 */
export async function consumeTopics(
  brokers: readonly string[],
  counts: Readonly<Record<string, number>>,
  timeoutMs = 30_000
): Promise<Record<string, TopicRecord[]>> {
  const kafka = new Kafka({
    clientId: 'test-consumer',
    brokers: [...brokers],
    logLevel: logLevel.NOTHING,
  })
  const topics = Object.keys(counts)
  const admin = kafka.admin()
  await admin.connect()
  await admin.createTopics({ topics: topics.map((topic) => ({ topic })) }).catch(() => false)
  await admin.disconnect()
  const consumer = kafka.consumer({ groupId: `test-${randomUUID()}`, maxWaitTimeInMs: 500 })
  const records: Record<string, TopicRecord[]> = Object.fromEntries(topics.map((t) => [t, []]))
  const done = () => topics.every((topic) => records[topic]!.length >= counts[topic]!)
  let timer: NodeJS.Timeout | undefined
  try {
    await consumer.connect()
    await consumer.subscribe({ topics, fromBeginning: true })
    await new Promise<void>((resolve, reject) => {
      const describe = () =>
        topics.map((t) => `${records[t]!.length}/${counts[t]} of ${t}`).join(', ')
      timer = setTimeout(() => reject(new Error(`got ${describe()}`)), timeoutMs)
      if (done()) return resolve()
      consumer
        .run({
          eachMessage: async ({ topic, partition, message }) => {
            records[topic]!.push({
              topic,
              partition,
              offset: message.offset,
              key: message.key?.toString() ?? null,
              value: message.value?.toString() ?? null,
              headers: headersOf(message.headers),
            })
            if (done()) resolve()
          },
        })
        .catch(reject)
    })
    return records
  } finally {
    clearTimeout(timer)
    await consumer.disconnect()
  }
}
