import { describe, expect, it } from 'vitest'
import type { DedupStore } from '../dedup/dedup-store.js'
import type { SessionState, SessionStore } from '../session/session-store.js'

/** Two stores sharing one backend (two collectors on one Redis), and a way to let time pass. */
export interface StoreFixture<S> {
  first: S
  second: S
  /** Lets `ms` pass for the stores: a fake clock, or a real wait for Redis. */
  elapse(ms: number): Promise<void>
}

const state = (sessionId: string, seq = 1): SessionState => ({
  sessionId,
  startedAt: 0,
  lastSeenAt: 0,
  seq,
  startEventId: 'e1',
  startReason: 'new_visitor',
})

/**
 * The behaviour every {@link SessionStore} shares, run against each implementation
 * (STYLE.md 15: one spec, a loop over the variants).
 */
export function describeSessionStore(
  name: string,
  setup: () => Promise<StoreFixture<SessionStore>>
) {
  describe(`${name} session store`, () => {
    it('hands undefined for a new key, then the state it stored', async () => {
      const { first } = await setup()
      const seen: (SessionState | undefined)[] = []
      const result = await first.update(
        'k',
        (current) => {
          seen.push(current)
          return { state: state('s1'), result: 'done' }
        },
        60_000
      )
      expect(result).toBe('done')
      await first.update(
        'k',
        (current) => (seen.push(current), { state: state('s2'), result: 0 }),
        60_000
      )
      expect(seen).toEqual([undefined, state('s1')])
    })

    it('forgets a state after its time to live', async () => {
      const { first, elapse } = await setup()
      await first.update('k', () => ({ state: state('s1'), result: 0 }), 100)
      await elapse(250)
      let current: SessionState | undefined = state('x')
      await first.update('k', (c) => ((current = c), { state: state('s2'), result: 0 }), 100)
      expect(current).toBeUndefined()
    })

    it('loses no update when both collectors update one key at once', async () => {
      const { first, second } = await setup()
      const increment = (current: SessionState | undefined) => {
        const seq = (current?.seq ?? 0) + 1
        return { state: state('s', seq), result: seq }
      }
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 ? first : second).update('k', increment, 60_000)
        )
      )
      expect(results.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1))
    })

    it('gives both collectors the same salt for a day, and another for the next', async () => {
      const { first, second } = await setup()
      const salt = await first.dailySalt('2026-11-27')
      expect(salt).toMatch(/^[0-9a-f]{32}$/)
      expect(await second.dailySalt('2026-11-27')).toBe(salt)
      expect(await first.dailySalt('2026-11-28')).not.toBe(salt)
    })
  })
}

/** The behaviour every {@link DedupStore} shares. */
export function describeDedupStore(name: string, setup: () => Promise<StoreFixture<DedupStore>>) {
  describe(`${name} dedup store`, () => {
    it('claims new keys, then sees them as duplicates once confirmed', async () => {
      const { first } = await setup()
      expect(await first.claim(['a', 'b'], 't1', 10_000)).toEqual(['claimed', 'claimed'])
      await first.confirm(['a', 'b'], 't1', 60_000)
      expect(await first.claim(['a', 'c'], 't2', 10_000)).toEqual(['duplicate', 'claimed'])
    })

    it('answers pending while another request publishes the key, across collectors', async () => {
      const { first, second } = await setup()
      expect(await first.claim(['a'], 't1', 10_000)).toEqual(['claimed'])
      expect(await second.claim(['a'], 't2', 10_000)).toEqual(['pending'])
      await first.confirm(['a'], 't1', 60_000)
      expect(await second.claim(['a'], 't2', 10_000)).toEqual(['duplicate'])
    })

    it('releases the claims of a failed publish so the retry is new', async () => {
      const { first, second } = await setup()
      await first.claim(['a'], 't1', 10_000)
      await second.release(['a'], 't2')
      expect(await second.claim(['a'], 't2', 10_000)).toEqual(['pending'])
      await first.release(['a'], 't1')
      expect(await second.claim(['a'], 't2', 10_000)).toEqual(['claimed'])
    })

    it('forgets a pending claim after its time, and a published key after the window', async () => {
      const { first, elapse } = await setup()
      await first.claim(['a', 'b'], 't1', 100)
      await first.confirm(['b'], 't1', 100)
      await elapse(250)
      expect(await first.claim(['a', 'b'], 't2', 10_000)).toEqual(['claimed', 'claimed'])
    })
  })
}
