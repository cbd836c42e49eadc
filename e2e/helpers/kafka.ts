import { randomUUID } from 'node:crypto'
import { Kafka as CloudEventsKafka, type CloudEvent } from 'cloudevents'
import { Kafka, logLevel, type IHeaders } from 'kafkajs'

/** One record read back from a topic, decoded with the official CloudEvents SDK. */
export interface ReadEvent {
  partition: number
  offset: string
  key: string | null
  event: CloudEvent<unknown>
}

function headersOf(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value !== undefined) out[name] = Array.isArray(value) ? String(value[0]) : String(value)
  }
  return out
}

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
 * returns every record read, decoded with `Kafka.toEvent` from the `cloudevents` SDK.
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
          const key = message.key?.toString() ?? null
          const event = CloudEventsKafka.toEvent({
            key: key ?? undefined,
            value: message.value,
            headers: headersOf(message.headers),
          } as never) as CloudEvent<unknown>
          events.push({ partition, offset: message.offset, key, event })
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
