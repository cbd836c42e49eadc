import { describe, expect, it } from 'vitest'
import { describeSessionStore } from '../testing/store-contracts.js'
import { createMemorySessionStore } from './memory-session-store.js'

describeSessionStore('memory', async () => {
  let now = 0
  const clock = () => now
  // One process holds one memory store: "both collectors" are the same store here.
  const store = createMemorySessionStore({ clock })
  return { first: store, second: store, elapse: async (ms) => void (now += ms) }
})

describe('createMemorySessionStore', () => {
  it('forgets the least recently seen visitor past maxVisitors', async () => {
    const store = createMemorySessionStore({ maxVisitors: 4 })
    const seen: string[] = []
    const touch = (key: string) =>
      store.update(
        key,
        (current) => {
          if (current) seen.push(key)
          return {
            state: {
              sessionId: key,
              startedAt: 0,
              lastSeenAt: 0,
              seq: 1,
              startEventId: 'e',
              startReason: 'new_visitor',
            },
            result: undefined,
          }
        },
        60_000
      )
    // `a` is seen again before `b`, so `b` goes first; then `a` is the least recently seen.
    for (const key of ['a', 'b', 'c', 'a', 'b', 'c', 'a']) await touch(key)
    expect(seen).toEqual(['a', 'c'])
  })
})
