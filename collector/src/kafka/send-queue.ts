import { withDefaults } from '../config.js'
import { PublishError } from '../errors.js'
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
}

/** A single-flight queue that merges concurrent callers' records into one send. */
export interface SendQueue {
  /** Queues records; resolves once they were sent and acknowledged, rejects otherwise. */
  enqueue(records: readonly KafkaRecord[]): Promise<void>
  /** Resolves once nothing is queued or being sent. */
  drain(): Promise<void>
}

type Limits = Pick<SendQueueOptions, 'timeoutMs' | 'maxBatchBytes'>

const defaults = { timeoutMs: 10_000, maxBatchBytes: 512 * 1024 } satisfies Required<Limits>

interface Entry {
  records: readonly KafkaRecord[]
  bytes: number
  settle: (error?: PublishError) => void
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
  const { send } = options
  const { timeoutMs, maxBatchBytes } = withDefaults<Limits>(defaults, options)
  let waiting: Entry[] = []
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
        for (const entry of batch) entry.settle(failure)
      })
  }

  return {
    enqueue(records) {
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          // Still waiting: it will never be sent. Already sent: it may yet be acknowledged, and
          // the client's retry with the same ids makes a duplicate for the dedup stage to drop.
          waiting = waiting.filter((other) => other !== entry)
          entry.settle(new PublishError(`Kafka did not acknowledge within ${timeoutMs} ms`))
        }, timeoutMs)
        let settled = false
        const entry: Entry = {
          records,
          bytes: sizeOf(records),
          settle(error) {
            if (settled) return
            settled = true
            clearTimeout(timer)
            if (error) reject(error)
            else resolve()
          },
        }
        waiting.push(entry)
        pump()
      })
    },
    async drain() {
      while (inFlight) await inFlight
    },
  }
}
