import { Partitioners, type Message, type PartitionMetadata, type RecordMetadata } from 'kafkajs'
import { describe, expect, it } from 'vitest'
import { createPartitionTracker } from './partition-tracker.js'

const partitionMetadata = [0, 1, 2].map((partitionId): PartitionMetadata => ({
  partitionId,
  leader: partitionId + 1,
  replicas: [1, 2, 3],
  isr: [1, 2, 3],
  partitionErrorCode: 0,
}))

const ack = (topicName: string, partition: number): RecordMetadata => ({
  topicName,
  partition,
  errorCode: 0,
})

describe('createPartitionTracker', () => {
  it('partitions keyed messages as the Java-compatible DefaultPartitioner does', () => {
    const partition = createPartitionTracker().createPartitioner()
    const murmur2 = Partitioners.DefaultPartitioner()
    for (let i = 0; i < 50; i++) {
      const message: Message = { key: `session-${i}`, value: '{}' }
      expect(partition({ topic: 't', partitionMetadata, message })).toBe(
        murmur2({ topic: 't', partitionMetadata, message })
      )
    }
  })

  it('partitions runs of one key, and the same key after a change of partition count, like murmur2', () => {
    const partition = createPartitionTracker().createPartitioner()
    const murmur2 = Partitioners.DefaultPartitioner()
    const fewer = partitionMetadata.slice(0, 2)
    // Each round starts with the key the last one ended with ('a' is on 1 of 3 but 0 of 2).
    const keys = ['a', 'a', 'b', 'b', 'session-7', 'session-7', 'a']
    for (const metadata of [partitionMetadata, fewer, partitionMetadata]) {
      for (const key of keys) {
        const message: Message = { key, value: '{}' }
        const args = { topic: 't', partitionMetadata: metadata, message }
        expect(partition(args)).toBe(murmur2(args))
      }
    }
    // A message that names its partition keeps it, even right after a message with its key.
    const named: Message = { key: 'a', value: '{}', partition: 2 }
    expect(partition({ topic: 't', partitionMetadata, message: named })).toBe(2)
  })

  it('keeps a keyless message on the partition it was first given', () => {
    const partition = createPartitionTracker().createPartitioner()
    const message: Message = { key: null, value: '{}' }
    const first = partition({ topic: 't', partitionMetadata, message })
    for (let attempt = 0; attempt < 20; attempt++) {
      expect(partition({ topic: 't', partitionMetadata, message })).toBe(first)
    }
  })

  it('finds the messages of partitions missing from the acknowledgements', () => {
    const tracker = createPartitionTracker()
    const partition = tracker.createPartitioner()
    const messages: Message[] = Array.from({ length: 30 }, (_, i) => ({
      key: `session-${i}`,
      value: String(i),
    }))
    const byPartition = new Map<number, Message[]>()
    for (const message of messages) {
      const p = partition({ topic: 't', partitionMetadata, message })
      byPartition.set(p, [...(byPartition.get(p) ?? []), message])
    }
    expect(byPartition.size).toBe(3)
    const sent = [{ topic: 't', messages }]
    // Partition 1's leader moved to a broker that had answered before: kafkajs never sent it.
    const unsent = tracker.unacknowledged(sent, [ack('t', 0), ack('t', 2)])
    expect(unsent).toEqual([{ topic: 't', messages: byPartition.get(1) }])
    expect(tracker.unacknowledged(sent, [ack('t', 0), ack('t', 1), ack('t', 2)])).toEqual([])
    expect(tracker.unacknowledged(sent, [ack('other', 1), ack('t', 0), ack('t', 2)])).toEqual(
      unsent
    )
  })
})
