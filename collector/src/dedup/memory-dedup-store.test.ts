import { describe, expect, it } from 'vitest'
import { describeDedupStore } from '../testing/store-contracts.js'
import { createMemoryDedupStore } from './memory-dedup-store.js'

describeDedupStore('memory', async () => {
  let now = 0
  const store = createMemoryDedupStore({ clock: () => now })
  return { first: store, second: store, elapse: async (ms) => void (now += ms) }
})

describe('createMemoryDedupStore', () => {
  it('keeps at most maxEntries keys', async () => {
    const store = createMemoryDedupStore({ maxEntries: 2 })
    await store.claim(['a', 'b', 'c'], 't', 10_000)
    await store.confirm(['a', 'b', 'c'], 't', 60_000)
    expect(await store.claim(['a', 'c'], 't2', 10_000)).toEqual(['claimed', 'duplicate'])
  })
})
