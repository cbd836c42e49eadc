import { describe, expect, it } from 'vitest'
import { ConfigError } from '../errors.js'
import { createKafkaPublisher } from './publisher.js'

const brokers = ['127.0.0.1:1']

describe('createKafkaPublisher', () => {
  it('refuses producer settings that would weaken acks=all, idempotence or one in flight', () => {
    expect(() => createKafkaPublisher({ brokers, acks: 1 })).toThrow(ConfigError)
    expect(() => createKafkaPublisher({ brokers, idempotent: false })).toThrow(/^idempotent: /)
    expect(() => createKafkaPublisher({ brokers, maxInFlightRequests: 5 })).toThrow(
      /^maxInFlightRequests: must be 1/
    )
  })

  it('accepts the safe settings and connects to nothing before the first publish', async () => {
    const publisher = createKafkaPublisher({
      brokers,
      acks: 'all',
      idempotent: true,
      maxInFlightRequests: 1,
    })
    expect(publisher.queuedBytes).toBe(0)
    await publisher.settled()
    await expect(publisher.close()).resolves.toBeUndefined()
  })
})
