import { randomBytes } from 'node:crypto'
import { createRecentMap } from '../recent-map.js'
import type { SessionState, SessionStore } from './session-store.js'

/** Options of {@link createMemorySessionStore}. */
export interface MemorySessionStoreOptions {
  /**
   * Most visitors remembered; the least recently seen are forgotten first, and the half of
   * `maxVisitors` most recently seen always stays (see `createRecentMap`).
   * @defaultValue `100000`
   */
  maxVisitors?: number
  /**
   * Current time in ms since the epoch, for expiry.
   * @defaultValue `Date.now`
   */
  clock?: () => number
}

/**
 * Creates a {@link SessionStore} in this process's memory, bounded to `maxVisitors` recently seen
 * ones. Good for one collector; collectors behind a load balancer need the Redis store to agree.
 */
export function createMemorySessionStore(options: MemorySessionStoreOptions = {}): SessionStore {
  const { maxVisitors = 100_000, clock = Date.now } = options
  const states = createRecentMap<string, { state: SessionState; expiresAt: number }>(maxVisitors)
  const salts = new Map<string, string>()
  return {
    async update(key, next, ttlMs) {
      const now = clock()
      const entry = states.get(key)
      const current = entry && entry.expiresAt > now ? entry.state : undefined
      // No await between the read and the write: one event loop turn, so it is atomic.
      const { state, result } = next(current)
      states.renew(key, { state, expiresAt: now + ttlMs })
      return result
    },
    async dailySalt(day) {
      let salt = salts.get(day)
      if (salt === undefined) {
        salt = randomBytes(16).toString('hex')
        salts.set(day, salt)
        // Keep today's and yesterday's (requests straddle midnight); forget the rest.
        for (const known of [...salts.keys()].sort().slice(0, -2)) salts.delete(known)
      }
      return salt
    },
  }
}
