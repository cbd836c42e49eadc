import { describe, expect, it } from 'vitest'
import { LIMITS } from '@clickstream/schema/constants'
import { createBatcher } from './batcher.js'
import { fakeEvent, fakeTransport, manualTimers } from './delivery.test-helper.js'
import { createMemoryQueue } from './queue.js'
import type { Delivery } from './transport.js'

const setup = (answers: Delivery[] = [], batchSize = 3) => {
  const fake = fakeTransport(answers)
  const timers = manualTimers()
  const logs: unknown[][] = []
  const queue = createMemoryQueue()
  const batcher = createBatcher({
    queue,
    transport: fake.transport,
    batchSize,
    flushInterval: 5000,
    now: () => Date.UTC(2026, 10, 27),
    log: (...args) => logs.push(args),
    ...timers,
  })
  return { ...fake, timers, batcher, queue, logs }
}

/** Lets the batcher's promise chains run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('createBatcher', () => {
  it('sends when batchSize events are queued', async () => {
    const { batcher, ids } = setup()
    for (const n of [1, 2, 3]) batcher.add(fakeEvent(n))
    await settle()
    expect(ids()).toEqual([['e1', 'e2', 'e3']])
  })

  it('sends fewer events when the interval passes', async () => {
    const { batcher, ids, timers } = setup()
    batcher.add(fakeEvent(1))
    await settle()
    expect(ids()).toEqual([])
    timers.fire()
    await settle()
    expect(ids()).toEqual([['e1']])
    expect(timers.pending()).toBe(0)
  })

  it('stamps sentat at send time', async () => {
    const { batcher, requests } = setup()
    batcher.add(fakeEvent(1))
    await batcher.flush()
    expect(requests[0]!.events[0]!.sentat).toBe('2026-11-27T00:00:00.000Z')
  })

  it('splits what is queued into requests within the SDK byte limit, one at a time', async () => {
    const { batcher, requests, queue } = setup([], 1000)
    for (let n = 1; n <= 30; n++) queue.push(fakeEvent(n, 5000))
    await batcher.flush()
    expect(requests.length).toBeGreaterThan(1)
    for (const request of requests)
      expect(request.bytes).toBeLessThanOrEqual(LIMITS.maxSdkRequestBytes)
    expect(requests.flatMap((r) => r.events.map((e) => e.seq))).toEqual(
      Array.from({ length: 30 }, (_, i) => i + 1)
    )
  })

  it('puts a batch back at the head with the same ids when the send should be retried', async () => {
    const { batcher, ids, timers } = setup(['retry'])
    for (const n of [1, 2, 3]) batcher.add(fakeEvent(n))
    await settle()
    batcher.add(fakeEvent(4))
    await settle()
    // The failed batch waits for the timer rather than going out again with the next event.
    expect(ids()).toEqual([['e1', 'e2', 'e3']])
    timers.fire()
    await settle()
    expect(ids()).toEqual([
      ['e1', 'e2', 'e3'],
      ['e1', 'e2', 'e3', 'e4'],
    ])
  })

  it('drops a batch the collector refused and logs it', async () => {
    const { batcher, queue, logs } = setup(['drop'])
    for (const n of [1, 2, 3]) batcher.add(fakeEvent(n))
    await settle()
    expect(queue.size()).toBe(0)
    expect(logs).toContainEqual(['collector refused', 3, 'events'])
  })

  it('shares one send between flushes that overlap', async () => {
    const { batcher, ids } = setup()
    batcher.add(fakeEvent(1))
    const first = batcher.flush()
    expect(batcher.flush()).toBe(first)
    await first
    batcher.add(fakeEvent(2))
    await batcher.flush()
    expect(ids()).toEqual([['e1'], ['e2']])
  })

  it('hands everything to the transport at once as beacons, and requeues what failed', async () => {
    const { batcher, requests, queue } = setup(['sent', 'retry'], 1000)
    for (let n = 1; n <= 20; n++) queue.push(fakeEvent(n, 5000))
    batcher.flushBeacon()
    expect(queue.size()).toBe(0)
    expect(requests.every((r) => r.beacon)).toBe(true)
    await settle()
    expect(queue.size()).toBe(requests[1]!.events.length)
  })

  it('sends events that got no answer again only when the timer fires', async () => {
    const { batcher, ids, timers, queue } = setup(['unknown'])
    for (const n of [1, 2, 3]) batcher.add(fakeEvent(n))
    await settle()
    // A page that is going away sends what is queued, not what may already have arrived.
    batcher.add(fakeEvent(4))
    batcher.flushBeacon()
    expect(ids()).toEqual([['e1', 'e2', 'e3'], ['e4']])
    expect(queue.size()).toBe(0)
    timers.fire()
    await settle()
    expect(ids()).toEqual([['e1', 'e2', 'e3'], ['e4'], ['e1', 'e2', 'e3']])
  })

  it('never rejects a flush, even when the transport throws', async () => {
    const queue = createMemoryQueue()
    const logs: unknown[][] = []
    queue.push(fakeEvent(1))
    const batcher = createBatcher({
      queue,
      transport: { send: () => Promise.reject(new Error('boom')) },
      batchSize: 10,
      flushInterval: 5000,
      now: Date.now,
      log: (...args) => logs.push(args),
      ...manualTimers(),
    })
    await expect(batcher.flush()).resolves.toBeUndefined()
    expect(logs[0]![0]).toBe('flush failed')
  })
})
