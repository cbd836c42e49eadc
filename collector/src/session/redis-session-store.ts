import { randomBytes } from 'node:crypto'
import type { Redis } from 'ioredis'
import { CollectorError } from '../errors.js'
import type { SessionState, SessionStore } from './session-store.js'

/** Options of {@link createRedisSessionStore}. */
export interface RedisSessionStoreOptions {
  /**
   * Prefix of every key the store writes.
   * @defaultValue `'clickstream:'`
   */
  keyPrefix?: string
  /**
   * How many times `update` recomputes after losing a race before giving up.
   * @defaultValue `20`
   */
  maxAttempts?: number
}

/**
 * Compare-and-set: writes ARGV[2] with a TTL of ARGV[3] ms only if the key still holds ARGV[1]
 * (the empty string standing for "absent"). Lua scripts run atomically in Redis
 * (https://redis.io/docs/latest/develop/interact/programmability/eval-intro/).
 */
const compareAndSet = `
local current = redis.call('GET', KEYS[1])
if (current == false and ARGV[1] == '') or current == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
  return 1
end
return 0`

/** Salts live two days: long enough for requests that straddle midnight, no longer. */
const saltTtlSeconds = 2 * 24 * 60 * 60

interface CasRedis extends Redis {
  clickstreamSessionCas(key: string, expected: string, next: string, ttlMs: number): Promise<number>
}

/** Other collectors kept changing a session while this one tried to update it. */
export class SessionContentionError extends CollectorError {
  readonly key: string

  constructor(key: string, attempts: number) {
    super(`session ${key} changed under ${attempts} attempts in a row`, {
      code: 'session_contention',
      retriable: true,
    })
    this.name = 'SessionContentionError'
    this.key = key
  }
}

/**
 * Creates a {@link SessionStore} in Redis, shared by every collector that uses the same Redis
 * and prefix. `update` reads the state, computes the next one in the collector (so the session
 * rules live in one place, the pure sessionize stage) and writes it with an atomic Lua
 * compare-and-set; when another collector wrote first, it reads and computes again.
 * The daily salt is created once with `SET NX`, so every collector gets the same one.
 * The caller owns `redis` and closes it.
 *
 * @example
 * const store = createRedisSessionStore(new Redis('redis://127.0.0.1:6379'))
 */
export function createRedisSessionStore(
  redis: Redis,
  options: RedisSessionStoreOptions = {}
): SessionStore {
  const { keyPrefix = 'clickstream:', maxAttempts = 20 } = options
  if (!('clickstreamSessionCas' in redis)) {
    redis.defineCommand('clickstreamSessionCas', { numberOfKeys: 1, lua: compareAndSet })
  }
  const cas = redis as CasRedis
  return {
    async update(key, next, ttlMs) {
      const redisKey = `${keyPrefix}session:${key}`
      for (let attempt = 1; attempt <= maxAttempts; attempt++) {
        const raw = await redis.get(redisKey)
        const current = raw === null ? undefined : (JSON.parse(raw) as SessionState)
        const { state, result } = next(current)
        const written = await cas.clickstreamSessionCas(
          redisKey,
          raw ?? '',
          JSON.stringify(state),
          Math.max(1, Math.round(ttlMs))
        )
        if (written === 1) return result
      }
      throw new SessionContentionError(key, maxAttempts)
    },
    async dailySalt(day) {
      const key = `${keyPrefix}salt:${day}`
      await redis.set(key, randomBytes(16).toString('hex'), 'EX', saltTtlSeconds, 'NX')
      const salt = await redis.get(key)
      if (salt === null) {
        throw new CollectorError(`the salt ${key} vanished right after it was set`, {
          code: 'session_store_failed',
          retriable: true,
        })
      }
      return salt
    },
  }
}
