import { describe, expect, it } from 'vitest'

import { brokerProperties, replicationFor, type BrokerConfigInput } from './broker-config.js'

const voters = [
  { id: 1, host: '127.0.0.1', controllerPort: 9093 },
  { id: 2, host: '127.0.0.1', controllerPort: 9095 },
  { id: 3, host: '127.0.0.1', controllerPort: 9097 },
]

function input(overrides: Partial<BrokerConfigInput> = {}): BrokerConfigInput {
  return {
    nodeId: 1,
    host: '127.0.0.1',
    port: 9092,
    controllerPort: 9093,
    voters: voters.slice(0, 1),
    logDir: '/data/node-1/data',
    numPartitions: 3,
    ...overrides,
  }
}

describe('brokerProperties', () => {
  it('makes every node a combined broker and controller on loopback listeners', () => {
    const properties = brokerProperties(input())
    expect(properties).toMatchObject({
      'process.roles': 'broker,controller',
      'node.id': 1,
      'controller.quorum.voters': '1@127.0.0.1:9093',
      listeners: 'PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093',
      'advertised.listeners': 'PLAINTEXT://127.0.0.1:9092',
      'controller.listener.names': 'CONTROLLER',
      'inter.broker.listener.name': 'PLAINTEXT',
      'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
      'log.dirs': '/data/node-1/data',
    })
  })

  it('advertises only the client listener, never the controller one', () => {
    expect(brokerProperties(input())['advertised.listeners']).not.toContain('CONTROLLER')
  })

  it('uses replication factor 1 for a single node, so internal topics can be created', () => {
    expect(brokerProperties(input())).toMatchObject({
      'default.replication.factor': 1,
      'min.insync.replicas': 1,
      'offsets.topic.replication.factor': 1,
      'transaction.state.log.replication.factor': 1,
      'transaction.state.log.min.isr': 1,
      'share.coordinator.state.topic.replication.factor': 1,
    })
  })

  it('uses replication factor 3 and min ISR 2 for three nodes, without unclean elections', () => {
    const properties = brokerProperties(
      input({ nodeId: 2, port: 9094, controllerPort: 9095, voters })
    )
    expect(properties).toMatchObject({
      'node.id': 2,
      'controller.quorum.voters': '1@127.0.0.1:9093,2@127.0.0.1:9095,3@127.0.0.1:9097',
      listeners: 'PLAINTEXT://127.0.0.1:9094,CONTROLLER://127.0.0.1:9095',
      'default.replication.factor': 3,
      'min.insync.replicas': 2,
      'offsets.topic.replication.factor': 3,
      'transaction.state.log.replication.factor': 3,
      'transaction.state.log.min.isr': 2,
      'unclean.leader.election.enable': false,
    })
  })

  it('auto-creates topics with the configured partition count and no initial rebalance delay', () => {
    expect(brokerProperties(input({ numPartitions: 6 }))).toMatchObject({
      'auto.create.topics.enable': true,
      'num.partitions': 6,
      'group.initial.rebalance.delay.ms': 0,
    })
  })

  it('lets extra properties override the computed ones', () => {
    const properties = brokerProperties(
      input({ overrides: { 'min.insync.replicas': 3, 'log.retention.ms': 1000 } })
    )
    expect(properties['min.insync.replicas']).toBe(3)
    expect(properties['log.retention.ms']).toBe(1000)
  })

  it('gives the same file for the same input, so a restarted node rejoins unchanged', () => {
    expect(brokerProperties(input({ voters }))).toEqual(brokerProperties(input({ voters })))
  })
})

describe('replicationFor', () => {
  it('caps the replication factor at 3 and keeps one replica of slack from 3 up', () => {
    expect(replicationFor(1)).toEqual({ factor: 1, minInsync: 1 })
    expect(replicationFor(3)).toEqual({ factor: 3, minInsync: 2 })
    expect(replicationFor(5)).toEqual({ factor: 3, minInsync: 2 })
  })
})
