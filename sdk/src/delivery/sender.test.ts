import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { memoryStorage } from '../core/memory-storage.test-helper.js'
import { createStore } from '../core/storage.js'
import { createUuidV7 } from '../core/uuid.js'
import { createQueue } from './queue.js'
import { BATCH_BYTES, createSender } from './sender.js'
import type { Answer } from './transport.js'

beforeEach(() => {
  vi.useFakeTimers()
  vi.stubGlobal('navigator', { onLine: true })
})
afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

/** A sender over a real queue, posting to a script of answers (then 200). */
const setup = (answers: Answer[] = [], batchSize = 3) => {
  const storage = memoryStorage()
  const queue = createQueue({
    store: createStore(() => storage),
    newTabId: () => 'tab',
    now: Date.now,
  })
  const requests: string[][] = []
  const beacons: string[][] = []
  const names = (body: string) =>
    (JSON.parse(body) as { data: { name: string } }[]).map((e) => e.data.name)
  let beaconAnswer = true
  const sender = createSender({
    queue,
    post: async (body) => {
      requests.push(names(body))
      return answers.shift() ?? [200, null]
    },
    beacon: (body) => {
      beacons.push(names(body))
      return beaconAnswer
    },
    batchSize,
    flushInterval: 5000,
    now: Date.now,
    random: () => 0,
  })
  const newId = createUuidV7()
  const add = (name: string, size = 0) => {
    const id = newId()
    queue.push(id, JSON.stringify({ id, data: { name, pad: 'x'.repeat(size) } }))
    sender.added()
  }
  return { sender, add, requests, beacons, storage, refuseBeacons: () => (beaconAnswer = false) }
}

describe('createSender', () => {
  it('sends when batchSize events wait, or flushInterval after the first', async () => {
    const { add, requests } = setup()
    add('a')
    add('b')
    await vi.advanceTimersByTimeAsync(100)
    expect(requests).toEqual([])
    add('c')
    await vi.advanceTimersByTimeAsync(0)
    expect(requests).toEqual([['a', 'b', 'c']])
    add('d')
    expect(requests).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(5000)
    expect(requests[1]).toEqual(['d'])
  })

  it('lets what came in during a send wait to make a batch, or the interval', async () => {
    const storage = memoryStorage()
    const queue = createQueue({
      store: createStore(() => storage),
      newTabId: () => 'tab',
      now: Date.now,
    })
    const requests: string[][] = []
    const answers: ((answer: Answer) => void)[] = []
    const sender = createSender({
      queue,
      post: (body) => {
        requests.push((JSON.parse(body) as { data: { name: string } }[]).map((e) => e.data.name))
        return new Promise((resolve) => answers.push(resolve))
      },
      beacon: () => true,
      batchSize: 3,
      flushInterval: 5000,
      now: Date.now,
    })
    const newId = createUuidV7()
    const add = (name: string) => {
      const id = newId()
      queue.push(id, JSON.stringify({ id, data: { name } }))
      sender.added()
    }
    for (const name of ['a', 'b', 'c']) add(name)
    add('d')
    answers.shift()!([200, null])
    await vi.advanceTimersByTimeAsync(0)
    // One event came in during the send: it waits for more, or for the interval.
    expect(requests).toEqual([['a', 'b', 'c']])
    await vi.advanceTimersByTimeAsync(5000)
    expect(requests).toEqual([['a', 'b', 'c'], ['d']])
  })

  it('sends when the queued events reach BATCH_BYTES', async () => {
    const { add, requests } = setup([], 100)
    add('big', BATCH_BYTES)
    await vi.advanceTimersByTimeAsync(0)
    expect(requests).toEqual([['big']])
  })

  it('retries after the Retry-After with the same events, and holds new events meanwhile', async () => {
    const { add, requests } = setup([[503, '10']])
    for (const name of ['a', 'b', 'c']) add(name)
    await vi.advanceTimersByTimeAsync(0)
    for (const name of ['d', 'e', 'f']) add(name)
    await vi.advanceTimersByTimeAsync(9999)
    expect(requests).toEqual([['a', 'b', 'c']])
    await vi.advanceTimersByTimeAsync(1)
    expect(requests).toEqual([
      ['a', 'b', 'c'],
      ['a', 'b', 'c', 'd', 'e', 'f'],
    ])
  })

  it('backs off exponentially without an answer', async () => {
    const { add, requests } = setup([
      [0, null],
      [0, null],
      [0, null],
    ])
    for (const name of ['a', 'b', 'c']) add(name)
    const at: number[] = []
    const start = Date.now()
    for (let i = 0; i < 4; i++) {
      await vi.advanceTimersByTimeAsync(i ? 2 ** (i - 1) * 500 : 0)
      at.push(Date.now() - start)
    }
    expect(requests).toHaveLength(4)
    expect(at).toEqual([0, 500, 1500, 3500])
  })

  it('gives up on a batch the collector refuses and goes on with the next', async () => {
    const { add, sender, requests } = setup([[400, null]])
    for (const name of ['a', 'b', 'c']) add(name)
    await vi.advanceTimersByTimeAsync(0)
    add('d')
    await sender.flush()
    expect(requests).toEqual([['a', 'b', 'c'], ['d']])
  })

  it('beacons what waits when the page goes away, and releases what the beacon refused', async () => {
    const { add, sender, beacons, storage, refuseBeacons } = setup()
    add('a')
    sender.leave()
    expect(beacons).toEqual([['a']])
    expect(storage.length).toBe(0)
    add('b')
    refuseBeacons()
    sender.leave()
    expect(storage.getItem('cs_q.tab')?.split('\n')).toHaveLength(2)
  })

  it('hands everything over instead of beaconing while offline or while the collector fails', async () => {
    const offline = setup()
    offline.add('a')
    vi.stubGlobal('navigator', { onLine: false })
    offline.sender.leave()
    expect(offline.beacons).toEqual([])
    expect(offline.storage.getItem('cs_q.tab')?.startsWith('0\n')).toBe(true)
    vi.stubGlobal('navigator', { onLine: true })
    const failing = setup([[503, null]])
    for (const name of ['a', 'b', 'c']) failing.add(name)
    await vi.advanceTimersByTimeAsync(0)
    failing.sender.leave()
    expect(failing.beacons).toEqual([])
  })

  it('resolves flush whatever happens', async () => {
    const { sender } = setup()
    await expect(sender.flush()).resolves.toBeUndefined()
  })
})
