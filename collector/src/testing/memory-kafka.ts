import type { KafkaPublisher } from '../kafka/publisher.js'
import type { KafkaRecord } from '../publisher.js'
import { createMemoryPublisher, type MemoryPublisher } from './memory-publisher.js'

/**
 * An in-memory {@link KafkaPublisher} for unit tests: a {@link MemoryPublisher} (it fails or
 * holds on demand) that also acknowledges late on demand.
 */
export interface MemoryKafka extends KafkaPublisher, MemoryPublisher {
  /** Stores `records` as if a request whose caller timed out had been acknowledged after all. */
  acknowledgeLate(records: readonly KafkaRecord[]): void
}

/** Creates a {@link MemoryKafka} that acknowledges at once unless told otherwise. */
export function createMemoryKafka(): MemoryKafka {
  const memory = createMemoryPublisher()
  const publish = memory.publish
  let inFlight: Promise<unknown> = Promise.resolve()
  let late: (records: readonly KafkaRecord[]) => void = () => {}
  // Assigned onto the memory publisher itself, so its `calls` and `closed` getters stay live.
  return Object.assign(memory, {
    queuedBytes: 0,
    publish(batch: readonly KafkaRecord[]) {
      const sending = publish(batch)
      inFlight = sending.catch(() => {})
      return sending
    },
    acknowledgeLate(batch: readonly KafkaRecord[]) {
      memory.records.push(...batch)
      late(batch)
    },
    async settled() {
      await inFlight
    },
    onLateAcknowledgement(listener: (records: readonly KafkaRecord[]) => void) {
      late = listener
    },
  })
}
