import { withDefaults } from '../config.js'
import { PublishError, QueueFullError } from '../errors.js'
import type { KafkaRecord } from '../publisher.js'

/** How a {@link SendQueue} sends and how long its callers wait. */
export interface SendQueueOptions {
  /** Sends records and resolves once they are acknowledged. Never called concurrently. */
  send: (records: KafkaRecord[]) => Promise<void>
  /**
   * How long a caller waits for its records' acknowledgement before being told it failed.
   * @defaultValue `10000`
   */
  timeoutMs?: number
  /**
   * Records of several callers are sent together up to about this many bytes (one caller's
   * records always go together), well below Kafka's 1 MB `message.max.bytes`.
   * @defaultValue `524288`
   */
  maxBatchBytes?: number
  /**
   * Most bytes of records waiting for their turn (the send in flight aside); more are refused
   * at once with a {@link QueueFullError}, so memory stays bounded while Kafka is slow.
   * @defaultValue `16777216` (16 MiB)
   */
  maxQueuedBytes?: number
  /**
   * Told about records that Kafka acknowledged after their callers had stopped waiting: they are
   * stored although their callers were told otherwise.
   * @defaultValue does nothing
   */
  onLateAcknowledgement?: (records: readonly KafkaRecord[]) => void
}

/** A single-flight queue that merges concurrent callers' records into one send. */
export interface SendQueue {
  /** Queues records; resolves once they were sent and acknowledged, rejects otherwise. */
  enqueue(records: readonly KafkaRecord[]): Promise<void>
  /** Resolves once nothing is queued or being sent. */
  drain(): Promise<void>
  /** Resolves once the send in flight now, if any, has its outcome; never waits for later ones. */
  settled(): Promise<void>
  /** Bytes of records waiting for their turn. */
  readonly queuedBytes: number
}

type Limits = Pick<SendQueueOptions, 'timeoutMs' | 'maxBatchBytes' | 'maxQueuedBytes'>

const defaults = {
  timeoutMs: 10_000,
  maxBatchBytes: 512 * 1024,
  maxQueuedBytes: 16 * 1024 * 1024,
} satisfies Required<Limits>

interface Entry {
  records: readonly KafkaRecord[]
  bytes: number
  settled: boolean
  settle: (error?: Error) => void
}

function sizeOf(records: readonly KafkaRecord[]): number {
  let bytes = 0
  for (const { key, value, headers } of records) {
    bytes += (key?.length ?? 0) + (value?.length ?? 0)
    for (const name in headers) bytes += name.length + headers[name]!.length
  }
  return bytes
}

function toPublishError(error: unknown): PublishError {
  const reason = error instanceof Error ? error.message : String(error)
  return new PublishError(`Kafka did not acknowledge the records: ${reason}`, error)
}

/**
 * Creates a {@link SendQueue}. One send at a time keeps the idempotent producer's sequence
 * numbers in order: kafkajs rolls a partition's sequence back when a request fails, so a batch
 * sent in between could reuse the sequence of one the broker already wrote and be dropped as its
 * duplicate. Merging whatever waited meanwhile into the next send keeps throughput up.
 */
export function createSendQueue(options: SendQueueOptions): SendQueue {
  const { send, onLateAcknowledgement } = options
  const { timeoutMs, maxBatchBytes, maxQueuedBytes } = withDefaults<Limits>(defaults, options)
  let waiting: Entry[] = []
  let queuedBytes = 0
  let inFlight: Promise<void> | undefined

  function take(): Entry[] {
    let count = 0
    let bytes = 0
    while (
      count < waiting.length &&
      (count === 0 || bytes + waiting[count]!.bytes <= maxBatchBytes)
    ) {
      bytes += waiting[count]!.bytes
      count++
    }
    queuedBytes -= bytes
    return waiting.splice(0, count)
  }

  function pump(): void {
    if (inFlight || waiting.length === 0) return
    const batch = take()
    inFlight = send(batch.flatMap((entry) => entry.records))
      .then(
        () => undefined,
        (error: unknown) => toPublishError(error)
      )
      .then((failure) => {
        // The next send starts before callers hear back, so a fast client never finds it idle.
        inFlight = undefined
        pump()
        const late = failure ? [] : batch.filter((entry) => entry.settled)
        if (late.length > 0) onLateAcknowledgement?.(late.flatMap((entry) => entry.records))
        for (const entry of batch) entry.settle(failure)
      })
  }

  return {
    enqueue(records) {
      const bytes = sizeOf(records)
      // One caller alone always gets its turn, however large: the limit is on what waits.
      if (waiting.length > 0 && queuedBytes + bytes > maxQueuedBytes) {
        return Promise.reject(new QueueFullError(maxQueuedBytes))
      }
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          // Still waiting: it will never be sent. Already sent: it may yet be acknowledged
          // (onLateAcknowledgement says so), and whoever stores it elsewhere makes a duplicate.
          if (waiting.includes(entry)) {
            waiting = waiting.filter((other) => other !== entry)
            queuedBytes -= entry.bytes
          }
          entry.settle(new PublishError(`Kafka did not acknowledge within ${timeoutMs} ms`))
        }, timeoutMs)
        const entry: Entry = {
          records,
          bytes,
          settled: false,
          settle(error) {
            if (entry.settled) return
            entry.settled = true
            clearTimeout(timer)
            if (error) reject(error)
            else resolve()
          },
        }
        waiting.push(entry)
        queuedBytes += bytes
        pump()
      })
    },
    async drain() {
      while (inFlight) await inFlight
    },
    async settled() {
      await inFlight
    },
    get queuedBytes() {
      return queuedBytes
    },
  }
}
