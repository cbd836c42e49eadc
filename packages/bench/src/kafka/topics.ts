import { Kafka, logLevel } from 'kafkajs'

function admin(brokers: readonly string[]) {
  return new Kafka({
    brokers: [...brokers],
    clientId: 'clickstream-bench',
    logLevel: logLevel.NOTHING,
  }).admin()
}

/** Creates `topic` with `partitions` partitions and waits until each has a leader. */
export async function createTopic(
  brokers: readonly string[],
  topic: string,
  partitions: number
): Promise<void> {
  const client = admin(brokers)
  await client.connect()
  try {
    await client.createTopics({
      topics: [{ topic, numPartitions: partitions }],
      waitForLeaders: true,
    })
  } finally {
    await client.disconnect()
  }
}

/** Records in `topic`: the sum of its partitions' high watermarks (nothing is deleted in a run). */
export async function countRecords(brokers: readonly string[], topic: string): Promise<number> {
  const client = admin(brokers)
  await client.connect()
  try {
    const offsets = await client.fetchTopicOffsets(topic)
    return offsets.reduce((sum, { high, low }) => sum + Number(high) - Number(low), 0)
  } finally {
    await client.disconnect()
  }
}
