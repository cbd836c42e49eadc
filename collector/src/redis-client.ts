import { Redis } from 'ioredis'
import type { Logger } from 'pino'

/**
 * Creates the Redis client that the session and dedup stores share. It connects on first use
 * (nothing happens at start-up), and fails a command after one reconnection attempt rather than
 * queueing it for long: the request is then answered 503 and the client retries. Errors are
 * logged, without the URL, which may hold a password.
 */
export function createRedisClient(url: string, logger: Logger): Redis {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 2_000,
    maxRetriesPerRequest: 1,
  })
  redis.on('error', (error: Error) => logger.warn({ err: error }, 'Redis connection error'))
  return redis
}
