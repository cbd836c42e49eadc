import { CompressionTypes, Kafka, logLevel, type Message, type Producer } from 'kafkajs'
import { pino, type Logger } from 'pino'
import { withDefaults, type Compression } from '../config.js'
import { PublishError } from '../errors.js'
import type { KafkaRecord, Publisher } from '../publisher.js'
import { createPartitionTracker } from './partition-tracker.js'
import { checkProducerSettings, type ProducerSettings } from './producer-settings.js'
import { createSendQueue } from './send-queue.js'
import { noDelaySocketFactory } from './socket-factory.js'

/** Where and how {@link createKafkaPublisher} produces; unsafe producer settings are refused. */
export interface KafkaPublisherOptions extends ProducerSettings {
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
   * Most bytes of records waiting behind the request in flight; more are refused at once with a
   * `QueueFullError` (the caller spools them or answers 503).
   * @defaultValue `16777216` (16 MiB)
   */
  maxQueuedBytes?: number
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
   * Longest wait between retries, in ms: after an outage, the producer notices the brokers'
   * return within about this long.
   * @defaultValue `5000`
   */
  maxRetryTimeMs?: number
  /**
   * Where kafkajs logs go (its errors as warnings: it logs every failed attempt, and the
   * collector logs the final failure itself).
   * @defaultValue a disabled pino logger
   */
  logger?: Logger
}

type Settings = Omit<KafkaPublisherOptions, 'brokers' | 'logger' | keyof ProducerSettings>

const defaults = {
  clientId: 'clickstream-collector',
  compression: 'none',
  publishTimeoutMs: 10_000,
  maxQueuedBytes: 16 * 1024 * 1024,
  connectionTimeoutMs: 3_000,
  requestTimeoutMs: 30_000,
  retries: 5,
  initialRetryTimeMs: 300,
  maxRetryTimeMs: 5_000,
} satisfies Required<Settings>

/** A {@link Publisher} in front of a Kafka producer, with what the spool needs to know of it. */
export interface KafkaPublisher extends Publisher {
  /**
   * Resolves once the request in flight now has its outcome: then the records whose callers
   * stopped waiting are known to be stored (see `onLateAcknowledgement`) or not.
   */
  settled(): Promise<void>
  /** Bytes of records waiting behind the request in flight. */
  readonly queuedBytes: number
  /**
   * Sets the function told about records Kafka acknowledged after `publish` had already
   * rejected for them (timed out): they are stored, so copies kept elsewhere need not be sent.
   */
  onLateAcknowledgement(listener: (records: readonly KafkaRecord[]) => void): void
}

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
 * Creates a {@link KafkaPublisher} that writes with kafkajs: idempotent, `acks: -1` (all in-sync
 * replicas), one request in flight, Java-compatible murmur2 partitioning, a bounded queue. It
 * connects on the first `publish`; topics are created on first use when the brokers allow it.
 * Throws a `ConfigError` for producer settings that would weaken these guarantees.
 *
 * @example
 * const publisher = createKafkaPublisher({ brokers: ['127.0.0.1:9092'] })
 * await publisher.publish([{ topic: 'clickstream.events', key: 's1', value: '{}', headers: {} }])
 * await publisher.close()
 */
export function createKafkaPublisher(options: KafkaPublisherOptions): KafkaPublisher {
  checkProducerSettings(options)
  const settings = withDefaults<Settings>(defaults, options)
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
    // TCP_NODELAY, as the Java client: see socket-factory.ts.
    socketFactory: noDelaySocketFactory,
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ namespace, level, log: { message, timestamp: _t, logger: _l, ...fields } }) =>
        logger[pinoLevels[level]]({ kafkajs: namespace, ...fields }, message),
  })
  const partitions = createPartitionTracker()
  const createProducer = (): Producer =>
    kafka.producer({
      // Exactly-once per partition on retries; kafkajs then requires acks -1 (docs/Producing.md).
      idempotent: true,
      // kafkajs guarantees idempotence only with one request in flight, as KIP-98 first required:
      // https://kafka.js.org/docs/transactions ("Configure the producer client with
      // maxInFlightRequests: 1 and idempotent: true to guarantee EOS"); kafkajs does not enforce it.
      maxInFlightRequests: 1,
      // murmur2 of the key like the Java client, so keyed records land where Java consumers and
      // Kafka Streams expect them (kafkajs docs/Producing.md, "Default Partitioners").
      createPartitioner: partitions.createPartitioner,
      // Development convenience; production clusters usually disable auto-creation broker-side.
      allowAutoTopicCreation: true,
      // kafkajs would inherit the client's finite retries. A failed batch rolls its partition's
      // sequence back, so the next batch may reuse numbers the broker already saw and be dropped as
      // a duplicate: produce requests retry until they succeed; callers stop waiting at
      // publishTimeoutMs and the send queue keeps later batches behind the stuck one.
      retry: { retries: Number.MAX_SAFE_INTEGER },
    })

  let producer = createProducer()
  let connecting: Promise<void> | undefined
  let closed = false
  let lateListener: (records: readonly KafkaRecord[]) => void = () => {}
  const connect = () =>
    (connecting ??= producer.connect().catch((error: unknown) => {
      connecting = undefined
      throw error
    }))

  // A send still fails on errors kafkajs does not retry (a metadata refresh out of retries, an
  // out-of-order sequence). Its records may have been written, and kafkajs rolled its sequence
  // numbers back, so the next batch could reuse theirs and be dropped by the broker as a
  // duplicate: a fresh producer (new producer id, sequences from 0) removes that trap.
  function replaceProducer(failed: Producer): void {
    if (failed !== producer) return
    const wasConnecting = connecting
    producer = createProducer()
    connecting = undefined
    if (wasConnecting) void wasConnecting.then(() => failed.disconnect()).catch(() => {})
  }

  const queue = createSendQueue({
    timeoutMs: settings.publishTimeoutMs,
    maxQueuedBytes: settings.maxQueuedBytes,
    onLateAcknowledgement: (records) => lateListener(records),
    send: async (records) => {
      const current = producer
      try {
        await connect()
        let unsent = byTopic(records)
        while (unsent.length > 0) {
          const acknowledged = await current.sendBatch({
            topicMessages: unsent,
            acks: -1,
            compression: codecs[settings.compression],
          })
          unsent = partitions.unacknowledged(unsent, acknowledged)
          if (unsent.length > 0) {
            const count = unsent.reduce((sum, { messages }) => sum + messages.length, 0)
            logger.warn({ records: count }, 'Kafka did not acknowledge every partition; resending')
          }
        }
      } catch (error) {
        if (!closed) replaceProducer(current)
        throw error
      }
    },
  })

  return {
    settled: () => queue.settled(),
    get queuedBytes() {
      return queue.queuedBytes
    },
    onLateAcknowledgement(listener) {
      lateListener = listener
    },
    async publish(records) {
      if (closed) throw new PublishError('the publisher is closed')
      if (records.length === 0) return
      await queue.enqueue(records)
    },
    async close() {
      if (closed) return
      closed = true
      // Pending sends get as long as a caller would have waited, then the connection goes; a
      // connect still retrying against absent brokers is not waited for.
      let timer: NodeJS.Timeout | undefined
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, settings.publishTimeoutMs)
      })
      const disconnect = async () => {
        await Promise.race([queue.drain(), timeout])
        if (connecting) await connecting.then(() => producer.disconnect()).catch(() => {})
      }
      await Promise.race([disconnect(), timeout])
      clearTimeout(timer)
    },
  }
}
