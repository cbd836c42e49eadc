import { randomUUID } from 'node:crypto'
import { Kafka, logLevel, type IHeaders } from 'kafkajs'

/** A record read back from Kafka, with key, value and headers as UTF-8 strings. */
export interface ConsumedRecord {
  partition: number
  offset: string
  key: string | null
  value: string | null
  headers: Record<string, string>
}

/** Where and what {@link consumeRecords} reads. */
export interface ConsumeOptions {
  /** Bootstrap servers, `host:port` each. */
  brokers: readonly string[]
  topic: string
  /** How many records to wait for. */
  count: number
  /**
   * How long to wait for them before failing, in ms.
   * @defaultValue `30000`
   */
  timeoutMs?: number
}

function headersOf(headers: IHeaders | undefined): Record<string, string> {
  const strings: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value !== undefined) strings[name] = (Array.isArray(value) ? value[0]! : value).toString()
  }
  return strings
}

/**
 * Reads the first `count` records of `topic` from the beginning, with a consumer group of its
 * own; rejects after `timeoutMs` saying how many arrived.
 *
 * @example
 * const [record] = await consumeRecords({ brokers, topic, count: 1 })
 */
export async function consumeRecords(options: ConsumeOptions): Promise<ConsumedRecord[]> {
  const { brokers, topic, count, timeoutMs = 30_000 } = options
  const kafka = new Kafka({
    clientId: 'test-consumer',
    brokers: [...brokers],
    logLevel: logLevel.NOTHING,
  })
  const consumer = kafka.consumer({ groupId: `test-${randomUUID()}` })
  const records: ConsumedRecord[] = []
  let timer: NodeJS.Timeout | undefined
  try {
    await consumer.connect()
    await consumer.subscribe({ topic, fromBeginning: true })
    await new Promise<void>((resolve, reject) => {
      timer = setTimeout(
        () => reject(new Error(`got ${records.length} of ${count} records from ${topic}`)),
        timeoutMs
      )
      consumer
        .run({
          eachMessage: async ({ partition, message }) => {
            records.push({
              partition,
              offset: message.offset,
              key: message.key?.toString() ?? null,
              value: message.value?.toString() ?? null,
              headers: headersOf(message.headers),
            })
            if (records.length >= count) resolve()
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

/** How many records `topic` holds: the sum of its partitions' high watermarks. */
export async function countRecords(brokers: readonly string[], topic: string): Promise<number> {
  const kafka = new Kafka({
    clientId: 'test-admin',
    brokers: [...brokers],
    logLevel: logLevel.NOTHING,
  })
  const admin = kafka.admin()
  await admin.connect()
  try {
    const offsets = await admin.fetchTopicOffsets(topic)
    return offsets.reduce((sum, { high, low }) => sum + Number(high) - Number(low), 0)
  } finally {
    await admin.disconnect()
  }
}
