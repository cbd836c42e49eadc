import { randomUUID } from 'node:crypto'
import { Redis } from 'ioredis'
import { afterAll, beforeAll } from 'vitest'
import { createRedisDedupStore } from '../src/dedup/redis-dedup-store.js'
import { createRedisSessionStore } from '../src/session/redis-session-store.js'
import { describeDedupStore, describeSessionStore } from '../src/testing/store-contracts.js'
import { startRedisServer, type RedisServer } from './helpers/redis-server.js'

let server: RedisServer
const clients: Redis[] = []

beforeAll(async () => {
  server = await startRedisServer()
})

afterAll(async () => {
  await Promise.all(clients.map((client) => client.quit()))
  await server?.stop()
})

/** Two clients, like two collectors, on one Redis; a fresh prefix per test. */
function pair() {
  const first = new Redis(server.url)
  const second = new Redis(server.url)
  clients.push(first, second)
  return { first, second, keyPrefix: `test:${randomUUID()}:` }
}

const elapse = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

describeSessionStore('Redis', async () => {
  const { first, second, keyPrefix } = pair()
  return {
    first: createRedisSessionStore(first, { keyPrefix }),
    second: createRedisSessionStore(second, { keyPrefix }),
    elapse,
  }
})

describeDedupStore('Redis', async () => {
  const { first, second, keyPrefix } = pair()
  return {
    first: createRedisDedupStore(first, { keyPrefix }),
    second: createRedisDedupStore(second, { keyPrefix }),
    elapse,
  }
})
