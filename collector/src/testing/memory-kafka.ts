import type { KafkaPublisher } from '../kafka/publisher.js'
import type { KafkaRecord } from '../publisher.js'

/** An in-memory {@link KafkaPublisher} for unit tests: it fails, holds or acknowledges late on demand. */
export interface MemoryKafka extends KafkaPublisher {
  /** Every record acknowledged so far, in order. */
  readonly records: KafkaRecord[]
  /** How many times `publish` was called. */
  readonly calls: number
  /** Whether `close` was called. */
  readonly closed: boolean
  /** Makes the next `publish` calls reject with `error` (or succeed again with `undefined`). */
  failWith(error: Error | undefined): void
  /** Makes the next `publish` calls wait until the returned function is called. */
  hold(): () => void
  /** Stores `records` as if a request whose caller timed out had been acknowledged after all. */
  acknowledgeLate(records: readonly KafkaRecord[]): void
}

/** Creates a {@link MemoryKafka} that acknowledges at once unless told otherwise. */
export function createMemoryKafka(): MemoryKafka {
  const records: KafkaRecord[] = []
  let calls = 0
  let closed = false
  let failure: Error | undefined
  let gate: Promise<void> | undefined
  let inFlight: Promise<unknown> = Promise.resolve()
  let late: (records: readonly KafkaRecord[]) => void = () => {}

  return {
    records,
    get calls() {
      return calls
    },
    get closed() {
      return closed
    },
    queuedBytes: 0,
    failWith(error) {
      failure = error
    },
    hold() {
      let release!: () => void
      gate = new Promise((resolve) => (release = resolve))
      return () => {
        gate = undefined
        release()
      }
    },
    acknowledgeLate(batch) {
      records.push(...batch)
      late(batch)
    },
    publish(batch) {
      calls++
      const sending = (async () => {
        if (gate) await gate
        if (failure) throw failure
        records.push(...batch)
      })()
      inFlight = sending.catch(() => {})
      return sending
    },
    async settled() {
      await inFlight
    },
    onLateAcknowledgement(listener) {
      late = listener
    },
    async close() {
      closed = true
    },
  }
}
