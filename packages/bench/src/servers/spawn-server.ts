import { fork, type ChildProcess } from 'node:child_process'
import { createRequire } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { COLLECTOR_NODE_FLAGS } from '@clickstream/collector'
import type { ControlMessage, ServerMessage, ServerSpec, ServerUsage } from './protocol.js'

/** A server process under load, driven over IPC. */
export interface ServerProcess {
  /** `http://127.0.0.1:port`. */
  readonly url: string
  readonly pid: number
  /** The process's cumulative counters now (CPU, event loop, collector metrics). */
  usage(): Promise<ServerUsage>
  /**
   * Closes the server once in-flight requests are answered and waits for the process to exit;
   * resolves with its final counters (undefined if it had already gone).
   */
  stop(): Promise<ServerUsage | undefined>
}

/** Options of {@link spawnServer}. */
export interface SpawnServerOptions {
  /**
   * Run the process with `--cpu-prof` and write its profile into this directory on stop.
   * @defaultValue no profile
   */
  cpuProfileDir?: string
  /**
   * How long the server may take to start, in ms.
   * @defaultValue `60000`
   */
  startTimeoutMs?: number
}

const entry = fileURLToPath(new URL('server-process.ts', import.meta.url))
// The child runs TypeScript through tsx, like the bench itself; workspace packages resolve to
// their built `dist/`, the code a deployment runs.
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href

function next(child: ChildProcess, type: ServerMessage['type']): Promise<ServerMessage> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: ServerMessage) => {
      if (message.type !== type && message.type !== 'failed') return
      cleanup()
      if (message.type === 'failed') reject(new Error(`server failed: ${message.message}`))
      else resolve(message)
    }
    const onExit = (code: number | null) => {
      cleanup()
      reject(new Error(`server process exited with ${code} before "${type}"`))
    }
    const cleanup = () => {
      child.off('message', onMessage)
      child.off('exit', onExit)
    }
    child.on('message', onMessage)
    child.once('exit', onExit)
  })
}

/**
 * Starts a server in a process of its own, so that the load generator never shares its event
 * loop, and waits until it listens.
 *
 * @example
 * const server = await spawnServer({ kind: 'hono', workers: 0 })
 * const before = await server.usage()
 */
export async function spawnServer(
  spec: ServerSpec,
  options: SpawnServerOptions = {}
): Promise<ServerProcess> {
  const { cpuProfileDir, startTimeoutMs = 60_000 } = options
  // Every kind runs with the collector's Node flags: bare Hono is its ceiling under the same runtime.
  const execArgv = ['--import', tsx, ...COLLECTOR_NODE_FLAGS]
  if (cpuProfileDir) execArgv.push('--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`)
  const child = fork(entry, [], {
    execArgv,
    env: { ...process.env, BENCH_SERVER_SPEC: JSON.stringify(spec) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${spec.kind} did not start within ${startTimeoutMs} ms`)),
      startTimeoutMs
    )
  })
  let port: number
  try {
    const ready = await Promise.race([next(child, 'ready'), timeout])
    port = (ready as Extract<ServerMessage, { type: 'ready' }>).port
  } catch (error) {
    child.kill('SIGKILL')
    throw error
  } finally {
    clearTimeout(timer)
  }

  const control = (message: ControlMessage) => child.send(message)
  let stopping: Promise<ServerUsage | undefined> | undefined
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    async usage() {
      const reply = next(child, 'usage')
      control({ type: 'usage' })
      return ((await reply) as Extract<ServerMessage, { type: 'usage' }>).usage
    },
    stop() {
      stopping ??= (async () => {
        let final: Promise<ServerMessage | undefined> = Promise.resolve(undefined)
        if (child.exitCode === null && child.connected) {
          final = next(child, 'usage').catch(() => undefined)
          control({ type: 'stop' })
        }
        const force = setTimeout(() => child.kill('SIGKILL'), 30_000)
        const reply = await final
        await exited
        clearTimeout(force)
        return reply?.type === 'usage' ? reply.usage : undefined
      })()
      return stopping
    },
  }
}
