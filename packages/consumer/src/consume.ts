import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs'
import { decodeRecord, type ClickstreamRecord } from './decode.js'
import { retry, type RetryOptions } from './retry.js'

/** Options of {@link createEventConsumer}. */
export interface EventConsumerOptions {
  /** Bootstrap brokers, `host:port` each. */
  brokers: readonly string[]
  /** Consumer group: instances with one group id share the partitions. */
  groupId: string
  topics: readonly string[]
  /** Called once per event, in partition order; a throw is retried, then dead-lettered. */
  handle: (record: ClickstreamRecord) => Promise<void> | void
  /**
   * Where events go whose handler keeps failing (or that cannot be decoded). Without one, a
   * failing event stops the consumer: nothing is skipped silently.
   * @defaultValue none
   */
  deadLetterTopic?: string
  /**
   * Read from the start of the topics when the group has no committed offsets.
   * @defaultValue `false`
   */
  fromBeginning?: boolean
  /** Retries of a failing handler before the event is dead-lettered. @defaultValue `{ retries: 3 }` */
  retry?: RetryOptions
  /** @defaultValue `'clickstream-consumer'` */
  clientId?: string
}

/** A running consumer. */
export interface EventConsumer {
  /** Joins the group and starts handling events; resolves once it is running. */
  start(): Promise<void>
  /** Leaves the group after the event in hand; offsets of handled events are committed. */
  stop(): Promise<void>
  /** Events sent to the dead-letter topic so far. */
  readonly deadLettered: number
}

/** Headers a dead-lettered record carries besides its original ones. */
export const DEAD_LETTER_HEADERS = {
  error: 'clickstream_error',
  stage: 'clickstream_stage',
  sourceTopic: 'clickstream_source_topic',
  sourcePartition: 'clickstream_source_partition',
  sourceOffset: 'clickstream_source_offset',
} as const

/**
 * A Kafka consumer of Clickstream events with at-least-once handling: each event is decoded,
 * handed to `handle`, retried with backoff when it throws, and sent to `deadLetterTopic` (with
 * the original key, value and headers, plus the error) when it keeps failing. Offsets are
 * committed only after an event was handled or dead-lettered.
 */
export function createEventConsumer(options: EventConsumerOptions): EventConsumer {
  const kafka = new Kafka({
    clientId: options.clientId ?? 'clickstream-consumer',
    brokers: [...options.brokers],
    logLevel: logLevel.ERROR,
  })
  const consumer: Consumer = kafka.consumer({ groupId: options.groupId })
  let producer: Producer | undefined
  let deadLettered = 0

  async function deadLetter(
    message: { key: Buffer | null; value: Buffer | null; headers?: Record<string, unknown> },
    source: { topic: string; partition: number; offset: string },
    stage: 'decode' | 'handle',
    error: unknown
  ): Promise<void> {
    if (!options.deadLetterTopic) throw error
    producer ??= kafka.producer({ idempotent: true, maxInFlightRequests: 1 })
    await producer.connect()
    await producer.send({
      topic: options.deadLetterTopic,
      acks: -1,
      messages: [
        {
          key: message.key,
          value: message.value,
          headers: {
            ...(message.headers as Record<string, Buffer | string>),
            [DEAD_LETTER_HEADERS.error]: error instanceof Error ? error.message : String(error),
            [DEAD_LETTER_HEADERS.stage]: stage,
            [DEAD_LETTER_HEADERS.sourceTopic]: source.topic,
            [DEAD_LETTER_HEADERS.sourcePartition]: String(source.partition),
            [DEAD_LETTER_HEADERS.sourceOffset]: source.offset,
          },
        },
      ],
    })
    deadLettered++
  }

  return {
    async start() {
      await consumer.connect()
      // A topic that is being auto-created answers UNKNOWN_TOPIC_OR_PARTITION for a moment.
      await retry(
        () =>
          consumer.subscribe({
            topics: [...options.topics],
            fromBeginning: options.fromBeginning ?? false,
          }),
        { retries: 8, retriable: (error) => (error as { retriable?: boolean }).retriable === true }
      )
      await consumer.run({
        eachMessage: async ({ topic, partition, message }) => {
          const source = { topic, partition, offset: message.offset }
          let record: ClickstreamRecord
          try {
            record = decodeRecord({ topic, partition, ...message })
          } catch (error) {
            return deadLetter(message, source, 'decode', error)
          }
          try {
            await retry(async () => options.handle(record), {
              retriable: () => true,
              ...options.retry,
            })
          } catch (error) {
            await deadLetter(message, source, 'handle', error)
          }
        },
      })
    },
    async stop() {
      await consumer.disconnect()
      await producer?.disconnect()
    },
    get deadLettered() {
      return deadLettered
    },
  }
}
