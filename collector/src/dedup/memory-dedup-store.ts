import { createRecentMap } from '../recent-map.js'
import type { DedupStore } from './dedup-store.js'

/** Options of {@link createMemoryDedupStore}. */
export interface MemoryDedupStoreOptions {
  /**
   * Most event keys remembered; past it the oldest are forgotten before their window ends, in
   * halves: the newest half of `maxEntries` is always remembered (see `createRecentMap`).
   * @defaultValue `200000`
   */
  maxEntries?: number
  /**
   * Current time in ms since the epoch, for expiry.
   * @defaultValue `Date.now`
   */
  clock?: () => number
}

/** A key a request is publishing now: `pendingFor` is its token. */
interface Pending {
  pendingFor: string
  expiresAt: number
}

/**
 * Creates a {@link DedupStore} in this process's memory: the newest keys, each with a time to live.
 * It covers one collector; behind a load balancer a retry may reach another one: use Redis.
 *
 * A published key, nearly every one of the window's `maxEntries`, is stored as a bare number:
 * its expiry in ms after the store was made, a small integer V8 keeps inside the map. Only the
 * few keys being published hold an object, which dies young. The long-lived heap is then the
 * keys alone, which keeps the collector's major garbage collections short.
 */
export function createMemoryDedupStore(options: MemoryDedupStoreOptions = {}): DedupStore {
  const { maxEntries = 200_000, clock = Date.now } = options
  const base = clock()
  const entries = createRecentMap<string, number | Pending>(maxEntries)
  const expiryOf = (entry: number | Pending) =>
    typeof entry === 'number' ? base + entry : entry.expiresAt
  const live = (key: string, now: number) => {
    const entry = entries.get(key)
    return entry !== undefined && expiryOf(entry) > now ? entry : undefined
  }
  return {
    async claim(keys, token, pendingMs) {
      const now = clock()
      return keys.map((key) => {
        const entry = entries.get(key)
        if (entry !== undefined) {
          if (expiryOf(entry) > now) return typeof entry === 'number' ? 'duplicate' : 'pending'
          // Expired: claimed again as the newest key, not in the place of the old claim.
          entries.delete(key)
        }
        entries.set(key, { pendingFor: token, expiresAt: now + pendingMs })
        return 'claimed'
      })
    },
    async confirm(keys, _token, windowMs) {
      const expiresAt = clock() + windowMs - base
      // In place: the key keeps the place its claim gave it a moment ago.
      for (const key of keys) entries.set(key, expiresAt)
    },
    async release(keys, token) {
      const now = clock()
      for (const key of keys) {
        const entry = live(key, now)
        if (entry !== undefined && typeof entry !== 'number' && entry.pendingFor === token) {
          entries.delete(key)
        }
      }
    },
  }
}
