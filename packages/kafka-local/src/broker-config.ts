import type { PropertyValue } from './properties-file.js'

/** One KRaft controller of the cluster as the others reach it. */
export type Voter = { id: number; host: string; controllerPort: number }

/** Everything that varies between the nodes and runs of a local cluster. */
export type BrokerConfigInput = {
  nodeId: number
  host: string
  /** Client (PLAINTEXT) port. */
  port: number
  controllerPort: number
  /** Every node of the cluster, this one included: each node is broker and controller. */
  voters: readonly Voter[]
  logDir: string
  /** Partitions of auto-created topics. */
  numPartitions: number
  /** Extra broker properties; they win over the computed ones. */
  overrides?: Readonly<Record<string, PropertyValue>>
}

/** Replication defaults for a cluster of `nodeCount` nodes: RF 3 and min ISR 2 from 3 nodes up. */
export function replicationFor(nodeCount: number): { factor: number; minInsync: number } {
  const factor = Math.min(nodeCount, 3)
  // With RF 3, min ISR 2 keeps acks=all writes going through the loss of any one node.
  return { factor, minInsync: factor >= 3 ? 2 : 1 }
}

/**
 * The `server.properties` of one combined broker+controller node, as ordered key/value pairs.
 * Pure: the same input gives the same file, so a restarted node rejoins with identical config.
 */
export function brokerProperties(input: BrokerConfigInput): Record<string, PropertyValue> {
  const { factor, minInsync } = replicationFor(input.voters.length)
  return {
    'process.roles': 'broker,controller',
    'node.id': input.nodeId,
    // A static quorum (KIP-595) rather than a dynamic one (KIP-853, `--standalone`): membership
    // never changes here, and it needs no per-node directory ids to carry across restarts.
    'controller.quorum.voters': input.voters
      .map((voter) => `${voter.id}@${voter.host}:${voter.controllerPort}`)
      .join(','),
    listeners: `PLAINTEXT://${input.host}:${input.port},CONTROLLER://${input.host}:${input.controllerPort}`,
    'advertised.listeners': `PLAINTEXT://${input.host}:${input.port}`,
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'log.dirs': input.logDir,

    'auto.create.topics.enable': true,
    'num.partitions': input.numPartitions,
    'default.replication.factor': factor,
    'min.insync.replicas': minInsync,
    'unclean.leader.election.enable': false,
    'offsets.topic.replication.factor': factor,
    // 50 partitions (the default) with RF 3 slow down the first consumer group on a small box.
    'offsets.topic.num.partitions': 10,
    'transaction.state.log.replication.factor': factor,
    'transaction.state.log.min.isr': minInsync,
    'transaction.state.log.num.partitions': 10,
    'share.coordinator.state.topic.replication.factor': factor,
    'share.coordinator.state.topic.min.isr': minInsync,
    // Consumers in tests join one at a time; the 3 s default delays every first join.
    'group.initial.rebalance.delay.ms': 0,

    // Small segments and bounded retention: a dev or benchmark run must not fill the disk.
    'log.segment.bytes': 16 * 1024 * 1024,
    'log.retention.ms': 24 * 60 * 60 * 1000,
    'log.retention.bytes': 512 * 1024 * 1024,
    'log.retention.check.interval.ms': 60_000,

    // Controlled shutdown moves leadership away before a node stops, so stopNode() does not
    // stall producers; a killed node is fenced after broker.session.timeout.ms (9 s) instead.
    'controlled.shutdown.enable': true,

    ...input.overrides,
  }
}
