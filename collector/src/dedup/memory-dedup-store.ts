import { createLru } from '../lru.js'
import type { DedupStore } from './dedup-store.js'

/** Options of {@link createMemoryDedupStore}. */
export interface MemoryDedupStoreOptions {
  /**
   * Most event keys remembered; past it the oldest are forgotten before their window ends.
   * @defaultValue `200000`
   */
  maxEntries?: number
  /**
   * Current time in ms since the epoch, for expiry.
   * @defaultValue `Date.now`
   */
  clock?: () => number
}

interface Entry {
  /** `null` once published; else the token of the request publishing it. */
  pendingFor: string | null
  expiresAt: number
}

/**
 * Creates a {@link DedupStore} in this process's memory, an LRU with a time to live per key.
 * It covers one collector; behind a load balancer a retry may reach another one: use Redis.
 */
export function createMemoryDedupStore(options: MemoryDedupStoreOptions = {}): DedupStore {
  const { maxEntries = 200_000, clock = Date.now } = options
  const entries = createLru<string, Entry>(maxEntries)
  const live = (key: string, now: number) => {
    const entry = entries.get(key)
    return entry && entry.expiresAt > now ? entry : undefined
  }
  return {
    async claim(keys, token, pendingMs) {
      const now = clock()
      return keys.map((key) => {
        const entry = live(key, now)
        if (entry) return entry.pendingFor === null ? 'duplicate' : 'pending'
        entries.set(key, { pendingFor: token, expiresAt: now + pendingMs })
        return 'claimed'
      })
    },
    async confirm(keys, _token, windowMs) {
      const expiresAt = clock() + windowMs
      for (const key of keys) entries.set(key, { pendingFor: null, expiresAt })
    },
    async release(keys, token) {
      const now = clock()
      for (const key of keys) {
        if (live(key, now)?.pendingFor === token) entries.delete(key)
      }
    },
  }
}
