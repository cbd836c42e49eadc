import type { KafkaRecord, Publisher } from '../publisher.js'

/** An in-memory {@link Publisher} for unit tests, with a switch to make it fail. */
export interface MemoryPublisher extends Publisher {
  /** Every record published so far, in order. */
  readonly records: KafkaRecord[]
  /** How many times `publish` was called. */
  readonly calls: number
  /** Whether `close` was called. */
  readonly closed: boolean
  /** Makes the next `publish` calls reject with `error` (or succeed again with `undefined`). */
  failWith(error: Error | undefined): void
  /** Makes the next `publish` calls wait until the returned function is called. */
  hold(): () => void
}

/** Creates an in-memory {@link Publisher} that acknowledges at once unless told otherwise. */
export function createMemoryPublisher(): MemoryPublisher {
  const records: KafkaRecord[] = []
  let calls = 0
  let closed = false
  let failure: Error | undefined
  let gate: Promise<void> | undefined

  return {
    records,
    get calls() {
      return calls
    },
    get closed() {
      return closed
    },
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
    async publish(batch) {
      calls++
      if (gate) await gate
      if (failure) throw failure
      records.push(...batch)
    },
    async close() {
      closed = true
    },
  }
}
