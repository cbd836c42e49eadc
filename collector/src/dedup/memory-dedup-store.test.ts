import { describe, expect, it } from 'vitest'
import { describeDedupStore } from '../testing/store-contracts.js'
import { createMemoryDedupStore } from './memory-dedup-store.js'

describeDedupStore('memory', async () => {
  let now = 0
  const store = createMemoryDedupStore({ clock: () => now })
  return { first: store, second: store, elapse: async (ms) => void (now += ms) }
})

describe('createMemoryDedupStore', () => {
  it('forgets the oldest keys past maxEntries and remembers at least the newest half', async () => {
    const store = createMemoryDedupStore({ maxEntries: 4 })
    for (const key of ['a', 'b', 'c', 'd', 'e']) {
      await store.claim([key], 't', 10_000)
      await store.confirm([key], 't', 60_000)
    }
    expect(await store.claim(['c', 'd', 'e', 'a', 'b'], 't2', 10_000)).toEqual([
      'duplicate',
      'duplicate',
      'duplicate',
      'claimed',
      'claimed',
    ])
  })

  it('claims an expired key again as one of the newest', async () => {
    let now = 0
    const store = createMemoryDedupStore({ maxEntries: 4, clock: () => now })
    await store.claim(['a', 'b'], 't', 10_000)
    await store.confirm(['a', 'b'], 't', 60_000)
    now += 60_000
    expect(await store.claim(['a'], 't2', 10_000)).toEqual(['claimed'])
    await store.confirm(['a'], 't2', 60_000)
    // Two newer keys drop `b` with its generation; `a`, claimed again, moved to a newer one.
    for (const key of ['c', 'd']) {
      await store.claim([key], 't3', 10_000)
      await store.confirm([key], 't3', 60_000)
    }
    expect(await store.claim(['a', 'b'], 't4', 10_000)).toEqual(['duplicate', 'claimed'])
  })
})
