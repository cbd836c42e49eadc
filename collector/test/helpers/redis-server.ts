import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A real `redis-server` for one test file. */
export interface RedisServer {
  /** `redis://127.0.0.1:<port>`. */
  readonly url: string
  readonly port: number
  /** Stops the server (SIGTERM, SIGKILL after 2 s) and removes its directory. */
  stop(): Promise<void>
}

const binary = process.env.REDIS_SERVER_PATH ?? '/usr/bin/redis-server'

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

function ready(child: ChildProcess, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = ''
    const timer = setTimeout(() => fail(new Error(`redis-server not ready:\n${output}`)), timeoutMs)
    const fail = (error: Error) => {
      clearTimeout(timer)
      reject(error)
    }
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer)
        resolve()
      }
    })
    child.once('exit', (code) => fail(new Error(`redis-server exited with ${code}:\n${output}`)))
  })
}

function stopped(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 2_000)
    child.once('exit', () => {
      clearTimeout(kill)
      resolve()
    })
    child.kill('SIGTERM')
  })
}

/**
 * Starts a throwaway `redis-server` on a free loopback port, without persistence, in a temporary
 * directory. Fails with the install command when Redis is missing.
 *
 * @example
 * const redis = await startRedisServer()
 * afterAll(() => redis.stop())
 */
export async function startRedisServer(): Promise<RedisServer> {
  if (!existsSync(binary)) {
    throw new Error(
      `${binary} not found: run \`apt-get install -y redis-server\` (or npm run bootstrap)`
    )
  }
  const dir = await mkdtemp(join(tmpdir(), 'clickstream-redis-'))
  let lastError: unknown
  // Another process may take the free port before Redis binds it: try a few.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort()
    const child = spawn(
      binary,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        dir,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] }
    )
    try {
      await ready(child, 10_000)
      return {
        url: `redis://127.0.0.1:${port}`,
        port,
        async stop() {
          await stopped(child)
          await rm(dir, { recursive: true, force: true })
        },
      }
    } catch (error) {
      lastError = error
      await stopped(child)
    }
  }
  await rm(dir, { recursive: true, force: true })
  throw lastError
}
