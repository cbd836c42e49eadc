import type { Redis } from 'ioredis'
import type { ClaimStatus, DedupStore } from './dedup-store.js'

/** Options of {@link createRedisDedupStore}. */
export interface RedisDedupStoreOptions {
  /**
   * Prefix of every key the store writes.
   * @defaultValue `'clickstream:'`
   */
  keyPrefix?: string
}

/** The value of a published key; a pending one holds `p:<token>`. */
const published = 'd'

/**
 * `SET NX` with a look at what was there, in one atomic step: a published key is a duplicate,
 * a pending one belongs to another request.
 */
const claimScript = `
local current = redis.call('GET', KEYS[1])
if current == false then
  redis.call('SET', KEYS[1], 'p:' .. ARGV[1], 'PX', ARGV[2])
  return 'claimed'
end
if current == '${published}' then return 'duplicate' end
return 'pending'`

/** Deletes a key only while it is still pending for this token. */
const releaseScript = `
if redis.call('GET', KEYS[1]) == 'p:' .. ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`

interface DedupRedis extends Redis {
  clickstreamDedupClaim(key: string, token: string, pendingMs: number): Promise<ClaimStatus>
  clickstreamDedupRelease(key: string, token: string): Promise<number>
}

/**
 * Creates a {@link DedupStore} in Redis, shared by every collector that uses the same Redis and
 * prefix. Each key is one Redis key (`<prefix>dedup:<key>`) with its own expiry; one pipeline per
 * call, one single-key Lua script per key, so it also works with Redis Cluster. The caller owns
 * `redis` and closes it.
 */
export function createRedisDedupStore(
  redis: Redis,
  options: RedisDedupStoreOptions = {}
): DedupStore {
  const { keyPrefix = 'clickstream:' } = options
  if (!('clickstreamDedupClaim' in redis)) {
    redis.defineCommand('clickstreamDedupClaim', { numberOfKeys: 1, lua: claimScript })
    redis.defineCommand('clickstreamDedupRelease', { numberOfKeys: 1, lua: releaseScript })
  }
  const key = (name: string) => `${keyPrefix}dedup:${name}`

  async function run<T>(fill: (pipeline: DedupRedis) => void): Promise<T[]> {
    const pipeline = redis.pipeline()
    fill(pipeline as unknown as DedupRedis)
    const results = (await pipeline.exec()) ?? []
    return results.map(([error, value]) => {
      if (error) throw error
      return value as T
    })
  }

  return {
    async claim(keys, token, pendingMs) {
      if (keys.length === 0) return []
      const ms = Math.max(1, Math.round(pendingMs))
      return run<ClaimStatus>((p) => {
        for (const name of keys) void p.clickstreamDedupClaim(key(name), token, ms)
      })
    },
    async confirm(keys, _token, windowMs) {
      if (keys.length === 0) return
      const ms = Math.max(1, Math.round(windowMs))
      await run((p) => {
        for (const name of keys) void p.set(key(name), published, 'PX', ms)
      })
    },
    async release(keys, token) {
      if (keys.length === 0) return
      await run((p) => {
        for (const name of keys) void p.clickstreamDedupRelease(key(name), token)
      })
    },
  }
}
