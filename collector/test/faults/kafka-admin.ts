import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { Kafka, logLevel, type Admin } from 'kafkajs'

function client(brokers: readonly string[], clientId: string): Kafka {
  return new Kafka({
    clientId,
    brokers: [...brokers],
    logLevel: logLevel.NOTHING,
    // Brokers come and go in these tests: keep trying past a leader election (9 s).
    retry: { initialRetryTime: 250, maxRetryTime: 2_000, retries: 15 },
  })
}

/** Runs `task` with a connected admin client and disconnects it afterwards. */
export async function withAdmin<T>(
  brokers: readonly string[],
  task: (admin: Admin) => Promise<T>
): Promise<T> {
  const admin = client(brokers, 'faults-admin').admin()
  await admin.connect()
  try {
    return await task(admin)
  } finally {
    await admin.disconnect()
  }
}

/** Creates `topic` with `partitions` partitions (the brokers' default replication) and waits for leaders. */
export async function createTopic(
  brokers: readonly string[],
  topic: string,
  partitions = 3
): Promise<void> {
  await withAdmin(brokers, (admin) =>
    admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true })
  )
}

/** The partitions of `topic` with their leader, in-sync replicas and record count. */
export async function describePartitions(brokers: readonly string[], topic: string) {
  return withAdmin(brokers, async (admin) => {
    const [metadata] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics
    const offsets = await admin.fetchTopicOffsets(topic)
    return metadata!.partitions.map((partition) => ({
      partition: partition.partitionId,
      leader: partition.leader,
      isr: partition.isr,
      records: Number(offsets.find((o) => o.partition === partition.partitionId)?.high ?? 0),
    }))
  })
}

/** Polls until every partition of `topic` has `replicas` in-sync replicas and a leader. */
export async function waitForFullIsr(
  brokers: readonly string[],
  topic: string,
  replicas: number,
  timeoutMs = 120_000
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let last = 'nothing yet'
  while (Date.now() < deadline) {
    try {
      const partitions = await describePartitions(brokers, topic)
      if (partitions.every((p) => p.isr.length === replicas && p.leader >= 0)) return
      last = JSON.stringify(partitions.map(({ partition, isr }) => ({ partition, isr })))
    } catch (error) {
      last = String(error)
    }
    await sleep(500)
  }
  throw new Error(`${topic} did not get ${replicas} in-sync replicas in ${timeoutMs} ms: ${last}`)
}

/** The `id` of a structured-mode record's event (the whole event is the JSON value). */
function structuredId(value: Buffer | null): string | undefined {
  if (value === null) return undefined
  const { id } = JSON.parse(value.toString()) as { id?: unknown }
  return typeof id === 'string' ? id : undefined
}

/** How often each event id (`ce_id` header, or `id` of a structured record) occurs in `topic`, read from the beginning to its end. */
export async function readEventIds(
  brokers: readonly string[],
  topic: string,
  timeoutMs = 120_000
): Promise<Map<string, number>> {
  const ends = await withAdmin(brokers, (admin) => admin.fetchTopicOffsets(topic))
  const remaining = new Map(
    ends.filter((end) => Number(end.high) > Number(end.low)).map((end) => [end.partition, end.high])
  )
  const counts = new Map<string, number>()
  if (remaining.size === 0) return counts
  const consumer = client(brokers, 'faults-reader').consumer({
    groupId: `faults-reader-${randomUUID()}`,
  })
  await consumer.connect()
  let timer: NodeJS.Timeout | undefined
  try {
    await consumer.subscribe({ topic, fromBeginning: true })
    await new Promise<void>((resolve, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(
              `read ${counts.size} ids of ${topic}; partitions left: ${[...remaining.keys()]}`
            )
          ),
        timeoutMs
      )
      consumer
        .run({
          eachBatch: async ({ batch }) => {
            for (const message of batch.messages) {
              const id = message.headers?.ce_id?.toString() ?? structuredId(message.value)
              if (id !== undefined) counts.set(id, (counts.get(id) ?? 0) + 1)
            }
            const high = remaining.get(batch.partition)
            if (high !== undefined && BigInt(batch.lastOffset()) >= BigInt(high) - 1n) {
              remaining.delete(batch.partition)
              if (remaining.size === 0) resolve()
            }
          },
        })
        .catch(reject)
    })
    return counts
  } finally {
    clearTimeout(timer)
    await consumer.disconnect()
  }
}
