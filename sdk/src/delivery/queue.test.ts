import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { LIMITS } from '@clickstream/schema/constants'
import { memoryStorage } from '../core/memory-storage.test-helper.js'
import { createStore } from '../core/storage.js'
import { createUuidV7 } from '../core/uuid.js'
import {
  createQueue,
  LEASE_MS,
  MAX_EVENTS,
  QUEUE_PREFIX,
  TTL_MS,
  WRITE_MS,
  type Batch,
} from './queue.js'

const START = Date.UTC(2026, 10, 27, 10)

/** A queue of tab `tab`, on `storage`, with a clock the test moves. */
const setup = (storage = memoryStorage(), tab = 'tab-a') => {
  const clock = { now: START }
  let tabs = 0
  const queue = createQueue({
    store: createStore(() => storage),
    newTabId: () => (tabs++ ? `${tab}${tabs}` : tab),
    now: () => clock.now,
  })
  // Each event a millisecond after the one before, so their ids sort as they were pushed.
  const newId = createUuidV7(() => ++clock.now)
  /** Queues an event named `name`, as the SDK serializes it; answers its id. */
  const push = (name: string, size = 0) => {
    const id = newId()
    queue.push(
      id,
      JSON.stringify({ specversion: '1.0', id, data: { name, pad: 'x'.repeat(size) } })
    )
    return id
  }
  const stored = (key = QUEUE_PREFIX + tab) => storage.getItem(key)?.split('\n')
  const names = (body: string) =>
    (JSON.parse(body) as { data: { name: string } }[]).map((e) => e.data.name)
  return { queue, storage, clock, push, stored, names }
}

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

/** Lets the queue's writes happen: it writes storage at most once per `WRITE_MS`. */
const tick = () => vi.advanceTimersByTimeAsync(WRITE_MS)

describe('createQueue', () => {
  it('keeps its events in its own key: the lease, then one event per line', async () => {
    const { push, stored, clock } = setup()
    push('a')
    push('b')
    await tick()
    const [lease, ...lines] = stored()!
    expect(lease).toBe(String(clock.now))
    expect(lines.map((line) => JSON.parse(line).data.name)).toEqual(['a', 'b'])
  })

  it('takes the oldest waiting events as a JSON array, each with sentat, and marks them in flight', () => {
    const { queue, push, names } = setup()
    push('a')
    push('b')
    const batch = queue.take('2026-11-27T10:00:01.000Z')!
    expect(names(batch.body)).toEqual(['a', 'b'])
    for (const event of JSON.parse(batch.body))
      expect(event.sentat).toBe('2026-11-27T10:00:01.000Z')
    expect(queue.take('t')).toBeUndefined()
    push('c')
    expect(names(queue.take('t')!.body)).toEqual(['c'])
  })

  it('keeps every body within 60 KB of UTF-8 and 500 events', () => {
    const { queue, push } = setup()
    // 'é' is one UTF-16 unit and two UTF-8 bytes: 100 events of about 1 KB.
    for (let i = 0; i < 100; i++) {
      push(`e${i}`)
      push('é'.repeat(500))
    }
    const sizes: number[] = []
    for (let batch = queue.take('t'); batch; batch = queue.take('t')) {
      sizes.push(new TextEncoder().encode(batch.body).length)
      expect(JSON.parse(batch.body).length).toBeLessThanOrEqual(LIMITS.maxBatchEvents)
    }
    expect(sizes.length).toBeGreaterThan(1)
    for (const size of sizes) expect(size).toBeLessThanOrEqual(LIMITS.maxSdkRequestBytes)
    const many = setup()
    for (let i = 0; i < 600; i++) many.push(`m${i}`)
    expect(JSON.parse(many.queue.take('t')!.body)).toHaveLength(LIMITS.maxBatchEvents)
  })

  it('forgets a delivered batch and puts a failed one back, same events, same ids', async () => {
    const { queue, push, stored, names } = setup()
    push('a')
    const failed = queue.take('t1')!
    queue.settle(failed, false)
    const again = queue.take('t2')!
    expect(JSON.parse(again.body)[0].id).toBe(JSON.parse(failed.body)[0].id)
    queue.settle(again, true)
    expect(queue.take('t3')).toBeUndefined()
    await tick()
    expect(stored()).toBeUndefined()
    push('b')
    expect(names(queue.take('t')!.body)).toEqual(['b'])
  })

  it('drops the oldest events past its bounds, counts them and reports the count once', () => {
    const { queue, push } = setup()
    for (let i = 0; i < MAX_EVENTS + 3; i++) push(`e${i}`)
    const batch = queue.take('t')!
    const [first, second] = JSON.parse(batch.body)
    expect(first.data.name).toBe('e3')
    expect(first.dropped).toBe(3)
    expect(second.dropped).toBeUndefined()
    queue.settle(batch, false)
    expect(JSON.parse(queue.take('t')!.body)[0].dropped).toBe(3)
  })

  it('sends the drop count once the request that carries it was delivered', () => {
    const { queue, push, clock } = setup()
    push('old')
    clock.now += TTL_MS + 1
    push('new')
    const batch = queue.take('t')!
    expect(
      JSON.parse(batch.body).map((e: { data: { name: string }; dropped?: number }) => [
        e.data.name,
        e.dropped,
      ])
    ).toEqual([['new', 1]])
    queue.settle(batch, true)
    push('later')
    expect(JSON.parse(queue.take('t')!.body)[0].dropped).toBeUndefined()
  })

  it('drops an event too large for the collector and counts it', () => {
    const { queue, push } = setup()
    push('huge', LIMITS.maxEventBytes)
    push('fine')
    const [event] = JSON.parse(queue.take('t')!.body)
    expect([event.data.name, event.dropped]).toEqual(['fine', 1])
  })

  it('hands what waits over on release, lets keepalive carry what is in flight, and starts a new key', async () => {
    const { queue, push, stored, storage } = setup()
    push('flying')
    const batch = queue.take('t')!
    push('waiting')
    await tick()
    queue.release()
    const [lease, ...lines] = stored()!
    expect(lease).toBe('0')
    expect(lines.map((line) => JSON.parse(line).data.name)).toEqual(['waiting'])
    expect(queue.take('t')).toBeUndefined()
    // The page went away: its fetch fails in the page, keepalive delivered it.
    queue.settle(batch, false, true)
    await tick()
    expect(Object.keys(storage)).toEqual([QUEUE_PREFIX + 'tab-a'])
  })

  it('keeps an in-flight batch that the collector answered with a failure after a release', async () => {
    const { queue, push, stored, names } = setup()
    push('flying')
    const batch = queue.take('t')!
    queue.release()
    queue.settle(batch, false)
    await tick()
    expect(
      stored(QUEUE_PREFIX + 'tab-a2')!
        .slice(1)
        .map((line) => JSON.parse(line).data.name)
    ).toEqual(['flying'])
    expect(names(queue.take('t')!.body)).toEqual(['flying'])
  })

  it('adopts released and abandoned queues of other tabs, never a live one, and deletes their keys', async () => {
    const storage = memoryStorage()
    const a = setup(storage, 'tab-a')
    const b = setup(storage, 'tab-b')
    const c = setup(storage, 'tab-c')
    a.push('a-released')
    a.queue.release()
    b.clock.now += 10
    b.push('b-crashed')
    c.clock.now += 20
    c.push('c-alive')
    await tick()
    const d = setup(storage, 'tab-d')
    d.clock.now += LEASE_MS / 2
    expect(d.queue.adopt()).toBe(1)
    // tab-c renews its lease every LEASE_MS / 4 (its adopt does): it stays alive.
    c.clock.now += (3 * LEASE_MS) / 4
    c.queue.adopt()
    d.clock.now += LEASE_MS
    expect(d.queue.adopt()).toBe(1)
    expect(d.names(d.queue.take('t')!.body)).toEqual(['a-released', 'b-crashed'])
    expect(Object.keys(storage).sort()).toEqual([QUEUE_PREFIX + 'tab-c', QUEUE_PREFIX + 'tab-d'])
  })

  it('forgets everything on clear', () => {
    const { queue, push } = setup()
    push('a')
    queue.clear()
    expect(queue.take('t')).toBeUndefined()
    expect(queue.size()).toBe(0)
    expect(queue.bytes()).toBe(0)
  })

  it('keeps its byte count through sends, drops, releases and adoptions', () => {
    const { queue, push, storage, stored, clock } = setup()
    /** The length of the events of `batch` as queued: without what `take` added. */
    const lengthOf = (batch: Batch) =>
      (JSON.parse(batch.body) as Record<string, unknown>[]).reduce(
        (sum, { sentat: _sentat, dropped: _dropped, ...event }) =>
          sum + JSON.stringify(event).length,
        0
      )
    /** Everything queued, taken and put back: its length. */
    const queued = () => {
      const taken: Batch[] = []
      for (let batch = queue.take('t'); batch; batch = queue.take('t')) taken.push(batch)
      for (const batch of taken) queue.settle(batch, false)
      return taken.reduce((sum, batch) => sum + lengthOf(batch), 0)
    }
    // Past the bound, so the oldest are dropped; of several sizes.
    for (let i = 0; i < MAX_EVENTS + 5; i++) push(`e${i}`, i % 7)
    expect(queue.bytes()).toBe(queued())
    queue.settle(queue.take('t')!, true)
    expect(queue.bytes()).toBe(queued())
    // What is in flight on release stays (keepalive carries it); the rest goes to storage.
    const flying = queue.take('t')!
    for (let i = 0; i < 10; i++) push(`late${i}`, i)
    queue.release()
    expect(queue.bytes()).toBe(lengthOf(flying))
    const [lease, ...lines] = stored()!
    expect(lease).toBe('0')
    clock.now += LEASE_MS + 1
    const other = setup(storage, 'tab-b')
    expect(other.queue.adopt()).toBe(lines.length)
    expect(other.queue.bytes()).toBe(lines.reduce((sum, line) => sum + line.length, 0))
  })
})
