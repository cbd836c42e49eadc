import { randomUUID } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

import { Kafka, logLevel, Partitioners, type Admin, type ITopicMetadata } from 'kafkajs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { isKafkaLocalError, startKafka, type KafkaCluster } from '../src/index.js'

// Startup takes 5-20 s on a 2-core box, three JVMs sharing it.
const START_MS = 120_000
const quiet = (): void => {}

function client(cluster: KafkaCluster): Kafka {
  return new Kafka({
    clientId: 'kafka-local-test',
    brokers: cluster.brokers,
    logLevel: logLevel.NOTHING,
    // A killed leader is replaced only after the broker session timeout (9 s): retry past it.
    retry: { initialRetryTime: 250, maxRetryTime: 2000, retries: 20 },
  })
}

function uniqueTopic(name: string): string {
  return `kafka-local-test.${name}.${randomUUID()}`
}

async function isrOf(admin: Admin, topic: string): Promise<number[][]> {
  const { topics } = await admin.fetchTopicMetadata({ topics: [topic] })
  const metadata = topics[0] as ITopicMetadata
  return metadata.partitions
    .sort((a, b) => a.partitionId - b.partitionId)
    .map((partition) => [...partition.isr].sort())
}

async function eventually<T>(
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs: number
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let last: T | undefined
  while (Date.now() < deadline) {
    last = await probe().catch(() => undefined)
    if (last !== undefined && accept(last)) return last
    await sleep(500)
  }
  throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(last)}`)
}

describe('a single-node cluster', () => {
  let cluster: KafkaCluster
  let startMs = 0

  beforeAll(async () => {
    const startedAt = Date.now()
    cluster = await startKafka({ log: quiet })
    startMs = Date.now() - startedAt
    console.info(`single node ready in ${(startMs / 1000).toFixed(1)} s`)
  }, START_MS)

  afterAll(() => cluster?.stop(), 30_000)

  it('describes its node: loopback ports, a live JVM and a log Kafka writes to', () => {
    expect(cluster.brokers).toHaveLength(1)
    expect(cluster.bootstrap).toMatch(/^127\.0\.0\.1:\d+$/)
    const [node] = cluster.nodes
    expect(node).toMatchObject({ id: 1, running: true, broker: cluster.bootstrap })
    expect(node!.controllerPort).not.toBe(node!.port)
    expect(() => process.kill(node!.pid!, 0)).not.toThrow()
    expect(cluster.logFileOf(1)).toBe(node!.logFile)
    expect(readFileSync(node!.logFile, 'utf8')).toContain('Kafka Server started')
  })

  it('carries a message from a kafkajs producer to a kafkajs consumer group', async () => {
    const kafka = client(cluster)
    const topic = uniqueTopic('roundtrip')
    const value = `hello ${randomUUID()}`
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner })
    const consumer = kafka.consumer({ groupId: `kafka-local-test-${randomUUID()}` })
    try {
      await producer.connect()
      // The topic does not exist yet: auto-creation is on.
      await producer.send({ topic, acks: -1, messages: [{ key: 'k', value }] })

      await consumer.connect()
      await consumer.subscribe({ topic, fromBeginning: true })
      const received = new Promise<string>((resolve) => {
        void consumer.run({
          eachMessage: async ({ message }) => resolve(message.value!.toString()),
        })
      })
      expect(await received).toBe(value)

      const admin = kafka.admin()
      await admin.connect()
      const { topics } = await admin.fetchTopicMetadata({ topics: [topic] })
      expect(topics[0]!.partitions).toHaveLength(3)
      await admin.disconnect()
    } finally {
      await consumer.disconnect()
      await producer.disconnect()
    }
  }, 60_000)

  it('stops every node and deletes its temporary data, and a second stop does nothing', async () => {
    const { pid } = cluster.nodes[0]!
    await cluster.stop()
    expect(existsSync(cluster.dataDir)).toBe(false)
    expect(() => process.kill(pid!, 0)).toThrow()
    expect(cluster.nodes[0]).toMatchObject({ running: false, pid: undefined })
    await cluster.stop()
  }, 30_000)
})

describe('a three-node cluster', () => {
  let cluster: KafkaCluster
  let kafka: Kafka
  let admin: Admin
  const topic = uniqueTopic('replicated')

  beforeAll(async () => {
    const startedAt = Date.now()
    cluster = await startKafka({ nodes: 3, log: quiet })
    console.info(`three nodes ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`)
    kafka = client(cluster)
    admin = kafka.admin()
    await admin.connect()
  }, START_MS)

  afterAll(async () => {
    await admin?.disconnect()
    const stoppingAt = Date.now()
    await cluster?.stop()
    console.info(`three nodes stopped in ${((Date.now() - stoppingAt) / 1000).toFixed(1)} s`)
  }, 60_000)

  it('has three brokers and replicates a new topic to all of them', async () => {
    expect(cluster.brokers).toHaveLength(3)
    expect(new Set(cluster.nodes.map((node) => node.port)).size).toBe(3)
    // startKafka waited for every broker to list all three; a heavily loaded box may still
    // fence one for a moment, which is Kafka behaviour, not a startup failure.
    const nodeIds = await eventually(
      async () => (await admin.describeCluster()).brokers.map((broker) => broker.nodeId).sort(),
      (ids) => ids.length === 3,
      15_000
    )
    expect(nodeIds).toEqual([1, 2, 3])

    // Retried for the same reason: a broker fenced for a moment refuses replication factor 3.
    await eventually(
      () =>
        admin
          .createTopics({
            topics: [{ topic, numPartitions: 3, replicationFactor: 3 }],
            waitForLeaders: true,
          })
          .then(() => true),
      (created) => created,
      30_000
    )
    const isr = await eventually(
      () => isrOf(admin, topic),
      (partitions) => partitions.every((replicas) => replicas.length === 3),
      30_000
    )
    expect(isr).toEqual([
      [1, 2, 3],
      [1, 2, 3],
      [1, 2, 3],
    ])
  }, 60_000)

  it('keeps accepting acks=all writes to every partition with one node killed', async () => {
    await cluster.killNode(2)
    expect(cluster.nodes.find((node) => node.id === 2)).toMatchObject({
      running: false,
      pid: undefined,
    })
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner })
    await producer.connect()
    try {
      // One record per partition, so whichever partitions node 2 led are written too.
      const results = await producer.send({
        topic,
        acks: -1,
        messages: [0, 1, 2].map((partition) => ({ partition, value: `while node 2 is down` })),
      })
      expect(results.map((result) => result.errorCode)).toEqual([0, 0, 0])
    } finally {
      await producer.disconnect()
    }
    // Node 2 was fenced and dropped from every ISR; min.insync.replicas 2 is still met.
    const isr = await isrOf(admin, topic)
    expect(isr).toEqual([
      [1, 3],
      [1, 3],
      [1, 3],
    ])
  }, 60_000)

  it('brings a restarted node back on the same port and into every ISR', async () => {
    const before = cluster.nodes.find((node) => node.id === 2)!
    await cluster.restartNode(2)
    const after = cluster.nodes.find((node) => node.id === 2)!
    expect(after).toMatchObject({ running: true, port: before.port })
    expect(after.pid).toBeGreaterThan(0)
    const isr = await eventually(
      () => isrOf(admin, topic),
      (partitions) => partitions.every((replicas) => replicas.length === 3),
      60_000
    )
    expect(isr).toEqual([
      [1, 2, 3],
      [1, 2, 3],
      [1, 2, 3],
    ])
  }, 120_000)
})

describe('a given data dir', () => {
  let scratch: string

  beforeAll(async () => {
    scratch = await mkdtemp(path.join(os.tmpdir(), 'kafka-local-data-'))
  })

  afterAll(() => rm(scratch, { recursive: true, force: true }))

  it(
    'is kept on stop and reused, records included, by the next start',
    async () => {
      const dataDir = path.join(scratch, 'kept')
      const topic = uniqueTopic('kept')
      const first = await startKafka({ dataDir, log: quiet })
      try {
        const producer = client(first).producer({
          createPartitioner: Partitioners.DefaultPartitioner,
        })
        await producer.connect()
        await producer.send({ topic, acks: -1, messages: [{ value: 'survives a restart' }] })
        await producer.disconnect()
      } finally {
        await first.stop()
      }
      expect(existsSync(first.logFileOf(1))).toBe(true)

      const second = await startKafka({ dataDir, log: quiet })
      try {
        expect(second.clusterId).toBe(first.clusterId)
        const admin = client(second).admin()
        await admin.connect()
        const offsets = await admin.fetchTopicOffsets(topic)
        await admin.disconnect()
        expect(offsets.reduce((sum, partition) => sum + Number(partition.high), 0)).toBe(1)
      } finally {
        await second.stop()
      }
    },
    START_MS
  )

  it('refuses to start a different number of nodes on it', async () => {
    await expect(
      startKafka({ dataDir: path.join(scratch, 'kept'), nodes: 3, log: quiet })
    ).rejects.toMatchObject({ code: 'DATA_DIR_MISMATCH' })
  })
})

describe('startup failures', () => {
  let scratch: string

  beforeAll(async () => {
    scratch = await mkdtemp(path.join(os.tmpdir(), 'kafka-local-failures-'))
  })

  afterAll(() => rm(scratch, { recursive: true, force: true }))

  it('refuses a port that is already taken, before starting any JVM', async () => {
    const server = net.createServer()
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as net.AddressInfo
    try {
      await expect(startKafka({ port, log: quiet })).rejects.toMatchObject({ code: 'PORT_IN_USE' })
    } finally {
      server.close()
    }
  })

  it(
    'fails fast with the log tail when a node exits during startup',
    async () => {
      const startedAt = Date.now()
      const error = await startKafka({
        dataDir: path.join(scratch, 'broken'),
        log: quiet,
        // Valid for the storage formatter, fatal for the broker: the class cannot be loaded.
        brokerProperties: { 'authorizer.class.name': 'org.example.NoSuchAuthorizer' },
      }).catch((caught: unknown) => caught)
      expect(isKafkaLocalError(error)).toBe(true)
      expect(error).toMatchObject({ code: 'NODE_EXITED' })
      expect((error as Error).message).toContain('NoSuchAuthorizer')
      expect(Date.now() - startedAt).toBeLessThan(30_000)
    },
    START_MS
  )
})
