import { setTimeout as sleep } from 'node:timers/promises'

import { Kafka, logLevel } from 'kafkajs'

/** What {@link waitForBrokers} waits for. */
export type WaitForBrokersInput = {
  /** `host:port` of every running broker; each one is asked. */
  bootstrap: readonly string[]
  /** Node ids that every broker must list. */
  nodeIds: readonly number[]
  timeoutMs: number
  /** Stops waiting early (a node process died); the promise then rejects with the reason. */
  signal?: AbortSignal
  /** Pause between attempts. */
  intervalMs?: number
}

/**
 * Polls cluster metadata (kafkajs `describeCluster`, i.e. the Metadata API clients use) until
 * every wanted node is listed. A broker lists a node only once it has registered with the
 * controller quorum and been unfenced, which is exactly "ready to lead and follow partitions".
 * Each broker is asked for its own view: metadata reaches brokers asynchronously, and a client
 * may talk to any of them first. Resolves `true` when ready, `false` on timeout.
 */
export async function waitForBrokers(input: WaitForBrokersInput): Promise<boolean> {
  const deadline = Date.now() + input.timeoutMs
  // A client seeded with one broker reads its first metadata from that broker.
  const clients = input.bootstrap.map(
    (broker) =>
      new Kafka({
        clientId: 'kafka-local-readiness',
        brokers: [broker],
        // Refused connections are the expected answer while the JVMs boot.
        logLevel: logLevel.NOTHING,
        connectionTimeout: 1000,
        requestTimeout: 3000,
        retry: { retries: 0 },
      })
  )
  while (Date.now() < deadline) {
    input.signal?.throwIfAborted()
    const views = await Promise.all(clients.map((client) => listedNodeIds(client)))
    if (views.every((listed) => input.nodeIds.every((id) => listed.has(id)))) return true
    await sleep(input.intervalMs ?? 250, undefined, { signal: input.signal }).catch(() => {})
  }
  input.signal?.throwIfAborted()
  return false
}

/** The node ids one broker currently lists; empty while it does not answer. */
async function listedNodeIds(client: Kafka): Promise<Set<number>> {
  const admin = client.admin({ retry: { retries: 0 } })
  try {
    await admin.connect()
    const { brokers } = await admin.describeCluster()
    return new Set(brokers.map((broker) => broker.nodeId))
  } catch {
    return new Set()
  } finally {
    await admin.disconnect().catch(() => {})
  }
}
