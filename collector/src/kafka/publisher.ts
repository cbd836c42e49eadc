import { CompressionTypes, Kafka, Partitioners, logLevel, type Message } from 'kafkajs'
import { pino, type Logger } from 'pino'
import { withDefaults, type Compression } from '../config.js'
import { PublishError } from '../errors.js'
import type { KafkaRecord, Publisher } from '../publisher.js'
import { createSendQueue } from './send-queue.js'

/** Where and how {@link createKafkaPublisher} produces. */
export interface KafkaPublisherOptions {
  /** Bootstrap servers, `host:port` each. */
  brokers: readonly string[]
  /**
   * Client id, visible in broker logs and quotas.
   * @defaultValue `'clickstream-collector'`
   */
  clientId?: string
  /**
   * Compression of record batches.
   * @defaultValue `'none'`
   */
  compression?: Compression
  /**
   * How long `publish` waits for the acknowledgement before rejecting, in ms.
   * @defaultValue `10000`
   */
  publishTimeoutMs?: number
  /**
   * Timeout of a TCP connection to a broker, in ms.
   * @defaultValue `3000`
   */
  connectionTimeoutMs?: number
  /**
   * Timeout of one Kafka request, in ms.
   * @defaultValue `30000`
   */
  requestTimeoutMs?: number
  /**
   * Retries of connecting and of metadata requests. Produce requests are retried without limit
   * (callers stop waiting after `publishTimeoutMs`): an idempotent producer must not give up on a
   * batch.
   * @defaultValue `5`
   */
  retries?: number
  /**
   * First wait between retries, in ms; it grows exponentially with jitter.
   * @defaultValue `300`
   */
  initialRetryTimeMs?: number
  /**
   * Longest wait between retries, in ms.
   * @defaultValue `30000`
   */
  maxRetryTimeMs?: number
  /**
   * Where kafkajs logs go (its errors as warnings: it logs every failed attempt, and the
   * collector logs the final failure itself).
   * @defaultValue a disabled pino logger
   */
  logger?: Logger
}

const defaults = {
  clientId: 'clickstream-collector',
  compression: 'none',
  publishTimeoutMs: 10_000,
  connectionTimeoutMs: 3_000,
  requestTimeoutMs: 30_000,
  retries: 5,
  initialRetryTimeMs: 300,
  maxRetryTimeMs: 30_000,
} satisfies Required<Omit<KafkaPublisherOptions, 'brokers' | 'logger'>>

const codecs = { none: CompressionTypes.None, gzip: CompressionTypes.GZIP } as const

const pinoLevels = {
  [logLevel.ERROR]: 'warn',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
  [logLevel.NOTHING]: 'silent',
} as const

function byTopic(records: readonly KafkaRecord[]) {
  const topics = new Map<string, Message[]>()
  for (const { topic, key, value, headers } of records) {
    let messages = topics.get(topic)
    if (!messages) topics.set(topic, (messages = []))
    messages.push({ key, value, headers })
  }
  return [...topics].map(([topic, messages]) => ({ topic, messages }))
}

/**
 * Creates a {@link Publisher} that writes to Kafka with kafkajs: idempotent, `acks: -1` (all
 * in-sync replicas), one request in flight, Java-compatible murmur2 partitioning. It connects
 * on the first `publish`; topics are created on first use when the brokers allow it.
 *
 * @example
 * const publisher = createKafkaPublisher({ brokers: ['127.0.0.1:9092'] })
 * await publisher.publish([{ topic: 'clickstream.events', key: 's1', value: '{}', headers: {} }])
 * await publisher.close()
 */
export function createKafkaPublisher(options: KafkaPublisherOptions): Publisher {
  const settings = withDefaults<Omit<KafkaPublisherOptions, 'brokers' | 'logger'>>(
    defaults,
    options
  )
  const logger = options.logger ?? pino({ enabled: false })
  const kafka = new Kafka({
    clientId: settings.clientId,
    brokers: [...options.brokers],
    connectionTimeout: settings.connectionTimeoutMs,
    requestTimeout: settings.requestTimeoutMs,
    retry: {
      retries: settings.retries,
      initialRetryTime: settings.initialRetryTimeMs,
      maxRetryTime: settings.maxRetryTimeMs,
    },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ namespace, level, log: { message, timestamp: _t, logger: _l, ...fields } }) =>
        logger[pinoLevels[level]]({ kafkajs: namespace, ...fields }, message),
  })
  const producer = kafka.producer({
    // Exactly-once per partition on retries; kafkajs then requires acks -1 (docs/Producing.md).
    idempotent: true,
    // kafkajs guarantees idempotence only with one request in flight, as KIP-98 first required:
    // https://kafka.js.org/docs/transactions ("Configure the producer client with
    // maxInFlightRequests: 1 and idempotent: true to guarantee EOS"); kafkajs does not enforce it.
    maxInFlightRequests: 1,
    // murmur2 of the key like the Java client, so keyed records land where Java consumers and
    // Kafka Streams expect them (kafkajs docs/Producing.md, "Default Partitioners").
    createPartitioner: Partitioners.DefaultPartitioner,
    // Development convenience; production clusters usually disable auto-creation broker-side.
    allowAutoTopicCreation: true,
    // kafkajs would inherit the client's finite retries. A failed batch rolls its partition's
    // sequence back, so the next batch may reuse numbers the broker already saw and be dropped as
    // a duplicate: produce requests retry until they succeed; callers stop waiting at
    // publishTimeoutMs and the send queue keeps later batches behind the stuck one.
    retry: { retries: Number.MAX_SAFE_INTEGER },
  })

  let connecting: Promise<void> | undefined
  let closed = false
  const connect = () =>
    (connecting ??= producer.connect().catch((error: unknown) => {
      connecting = undefined
      throw error
    }))

  const queue = createSendQueue({
    timeoutMs: settings.publishTimeoutMs,
    send: async (records) => {
      await connect()
      await producer.sendBatch({
        topicMessages: byTopic(records),
        acks: -1,
        compression: codecs[settings.compression],
      })
    },
  })

  return {
    async publish(records) {
      if (closed) throw new PublishError('the publisher is closed')
      if (records.length === 0) return
      await queue.enqueue(records)
    },
    async close() {
      if (closed) return
      closed = true
      // Pending sends get as long as a caller would have waited, then the connection goes.
      let timer: NodeJS.Timeout | undefined
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, settings.publishTimeoutMs)
      })
      await Promise.race([queue.drain(), timeout])
      clearTimeout(timer)
      if (connecting) await connecting.then(() => producer.disconnect()).catch(() => {})
    },
  }
}
