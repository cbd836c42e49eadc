import { randomUUID } from 'node:crypto'
import { decodeRecord, type ClickstreamRecord } from '@clickstream/consumer'
import { Kafka, logLevel } from 'kafkajs'

/** One record read back from a topic, decoded as a consumer of ours would. */
export type ReadEvent = ClickstreamRecord

/** Creates `topic` (3 partitions) and waits until it has leaders, so readers never race it. */
export async function createTopic(brokers: string, topic: string): Promise<void> {
  const kafka = new Kafka({
    brokers: brokers.split(','),
    clientId: 'e2e',
    logLevel: logLevel.NOTHING,
  })
  const admin = kafka.admin()
  await admin.connect()
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true })
  } finally {
    await admin.disconnect()
  }
}

/**
 * Reads a topic from the beginning until `until(events)` holds or `timeoutMs` passes, and
 * returns every record read, decoded with `decodeRecord` (the official `cloudevents` SDK's `Kafka.toEvent`).
 */
export async function readEvents(
  brokers: string,
  topic: string,
  until: (events: ReadEvent[]) => boolean,
  timeoutMs = 30_000
): Promise<ReadEvent[]> {
  const kafka = new Kafka({
    brokers: brokers.split(','),
    clientId: 'e2e',
    logLevel: logLevel.NOTHING,
  })
  const consumer = kafka.consumer({ groupId: `e2e-${randomUUID()}` })
  const events: ReadEvent[] = []
  await consumer.connect()
  try {
    await consumer.subscribe({ topic, fromBeginning: true })
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`timed out after ${timeoutMs} ms with ${events.length} events`)),
        timeoutMs
      )
      void consumer.run({
        eachMessage: async ({ partition, message }) => {
          const record = decodeRecord({ topic, partition, ...message })
          events.push(record)
          if (until(events)) {
            clearTimeout(timer)
            resolve()
          }
        },
      })
    })
  } finally {
    await consumer.disconnect()
  }
  return events
}
