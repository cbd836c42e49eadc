import {
  Partitioners,
  type Message,
  type PartitionerArgs,
  type RecordMetadata,
  type TopicMessages,
} from 'kafkajs'

/** Remembers the partition of every message sent, to check a send's acknowledgements. */
export interface PartitionTracker {
  /** The producer's `createPartitioner`: murmur2 like the Java client, sticky per message. */
  createPartitioner: () => (args: PartitionerArgs) => number
  /** The messages of `sent` whose partition has no acknowledgement in `acknowledged`. */
  unacknowledged(
    sent: readonly TopicMessages[],
    acknowledged: readonly RecordMetadata[]
  ): TopicMessages[]
}

/**
 * Creates a {@link PartitionTracker}. kafkajs 2.2.4 can resolve a send without writing some of
 * its messages: its retries skip every broker that already answered an earlier attempt, so a
 * partition whose leader died and moved to such a broker is never sent
 * (https://github.com/tulios/kafkajs/issues/1303). Its messages are missing from the
 * acknowledgements, which is how the publisher finds them and sends them again.
 */
export function createPartitionTracker(): PartitionTracker {
  const assigned = new WeakMap<Message, number>()
  return {
    createPartitioner() {
      const murmur2 = Partitioners.DefaultPartitioner()
      return (args) => {
        // Sticky: on a retry a keyless message must not move to a partition acknowledged before.
        const previous = assigned.get(args.message)
        if (previous !== undefined && previous < args.partitionMetadata.length) return previous
        const partition = murmur2(args)
        assigned.set(args.message, partition)
        return partition
      }
    },
    unacknowledged(sent, acknowledged) {
      const done = new Set(
        acknowledged
          .filter((ack) => ack.errorCode === 0)
          .map((ack) => `${ack.partition}\u0000${ack.topicName}`)
      )
      return sent
        .map(({ topic, messages }) => ({
          topic,
          messages: messages.filter((message) => {
            const partition = assigned.get(message)
            return partition === undefined || !done.has(`${partition}\u0000${topic}`)
          }),
        }))
        .filter(({ messages }) => messages.length > 0)
    },
  }
}
