import { describe, expect, it } from 'vitest'
import type { SdkEvent } from '../core/event.js'
import { takeBody } from './body.js'
import { fakeEvent } from './delivery.test-helper.js'
import { createMemoryQueue } from './queue.js'

const queueOf = (events: SdkEvent[]) => {
  const queue = createMemoryQueue()
  for (const event of events) queue.push(event)
  return queue
}

describe('takeBody', () => {
  it('takes every event that fits, stamped with sentat, as a JSON array', () => {
    const queue = queueOf([fakeEvent(1), fakeEvent(2)])
    const { events, body } = takeBody(queue, '2026-11-27T10:00:00.000Z', 60_000, 500, () => {})
    expect(events.map((e) => e.id)).toEqual(['e1', 'e2'])
    expect(JSON.parse(body)).toEqual(events)
    expect(events.every((e) => e.sentat === '2026-11-27T10:00:00.000Z')).toBe(true)
    expect(queue.size()).toBe(0)
  })

  it('stops before the body would exceed the byte limit, counting UTF-8 bytes', () => {
    // 'é' is one UTF-16 unit and two UTF-8 bytes.
    const events = [1, 2, 3].map((n) => ({ ...fakeEvent(n), data: { name: 'é'.repeat(400) } }))
    const queue = queueOf(events)
    const { body } = takeBody(queue, 't', 1500, 500, () => {})
    expect(new TextEncoder().encode(body).length).toBeLessThanOrEqual(1500)
    expect(JSON.parse(body)).toHaveLength(1)
    expect(queue.size()).toBe(2)
  })

  it('stops at the event limit', () => {
    const queue = queueOf([1, 2, 3].map((n) => fakeEvent(n)))
    expect(takeBody(queue, 't', 60_000, 2, () => {}).events).toHaveLength(2)
  })

  it('takes out an event too large to ever send and hands it over', () => {
    const queue = queueOf([fakeEvent(1, 5000), fakeEvent(2)])
    const oversize: SdkEvent[] = []
    const { events } = takeBody(queue, 't', 1000, 500, (e) => oversize.push(e))
    expect(oversize.map((e) => e.id)).toEqual(['e1'])
    expect(events.map((e) => e.id)).toEqual(['e2'])
  })

  it('answers an empty request for an empty queue', () => {
    expect(takeBody(createMemoryQueue(), 't', 1000, 500, () => {})).toEqual({
      events: [],
      body: '[]',
    })
  })
})

describe('createMemoryQueue', () => {
  it('puts failed events back at the head in order and keeps the newest when full', () => {
    const queue = createMemoryQueue(3)
    queue.push(fakeEvent(3))
    queue.requeue([fakeEvent(1), fakeEvent(2)])
    queue.push(fakeEvent(4))
    expect([queue.shift(), queue.shift(), queue.shift()].map((e) => e?.id)).toEqual([
      'e2',
      'e3',
      'e4',
    ])
  })
})
