import { spawn, type ChildProcess } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))
const serverEntry = fileURLToPath(new URL('../../src/server.ts', import.meta.url))

/** How a collector child process exited. */
export interface Exit {
  code: number | null
  signal: NodeJS.Signals | null
}

/** A collector running as a real child process (`node collector/src/server.ts` through tsx). */
export interface CollectorProcess {
  readonly pid: number
  readonly url: string
  /** Resolves when the process has exited. */
  readonly exited: Promise<Exit>
  /** Its last log lines (pino JSON), for failure messages. */
  logs(): string[]
  /** How many log lines so far had `msg` equal to `message`. */
  logCount(message: string): number
  /** Sends a signal (SIGTERM, SIGKILL, …) and waits for the exit. */
  stop(signal: NodeJS.Signals): Promise<Exit>
  /** Its Prometheus metrics, as `name` or `name{labels}` → value. */
  metrics(): Promise<Map<string, number>>
  /** Resident memory from /proc, in bytes. */
  rssBytes(): Promise<number>
}

/** A free TCP port on loopback, so a restarted collector can keep the address of the first. */
export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** Parses the Prometheus text format into `name{labels}` → value. */
export function parseMetrics(text: string): Map<string, number> {
  const values = new Map<string, number>()
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue
    const space = line.lastIndexOf(' ')
    values.set(line.slice(0, space), Number(line.slice(space + 1)))
  }
  return values
}

const running = new Set<ChildProcess>()
// A failed test must not leave collectors behind: they would hold ports and spool locks.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL')
})

/**
 * Starts a collector with `env` (on top of this process's environment) on 127.0.0.1, and
 * resolves once it logs that it listens. Rejects with its logs if it exits before.
 */
export async function startCollectorProcess(
  env: Record<string, string>,
  timeoutMs = 60_000
): Promise<CollectorProcess> {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', serverEntry], {
    cwd: repoRoot,
    env: { ...process.env, HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  running.add(child)
  const lines: string[] = []
  const counts = new Map<string, number>()
  const keep = (line: string) => {
    lines.push(line)
    if (lines.length > 300) lines.shift()
  }
  createInterface({ input: child.stderr! }).on('line', keep)
  const exited = new Promise<Exit>((resolve) =>
    child.once('exit', (code, signal) => {
      running.delete(child)
      resolve({ code, signal })
    })
  )
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`collector did not start in ${timeoutMs} ms:\n${lines.join('\n')}`))
    }, timeoutMs)
    createInterface({ input: child.stdout! }).on('line', (line) => {
      keep(line)
      try {
        const entry = JSON.parse(line) as { msg?: string; url?: string }
        if (entry.msg) counts.set(entry.msg, (counts.get(entry.msg) ?? 0) + 1)
        if (entry.msg === 'collector listening' && entry.url) {
          clearTimeout(timer)
          resolve(entry.url)
        }
      } catch {
        // Not JSON: kept in the logs only.
      }
    })
    void exited.then((exit) => {
      clearTimeout(timer)
      reject(new Error(`collector exited (${JSON.stringify(exit)}) on start:\n${lines.join('\n')}`))
    })
  })

  return {
    pid: child.pid!,
    url,
    exited,
    logs: () => [...lines],
    logCount: (message) => counts.get(message) ?? 0,
    async stop(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      return exited
    },
    async metrics() {
      const response = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(10_000) })
      return parseMetrics(await response.text())
    },
    async rssBytes() {
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8')
      const kib = /^VmRSS:\s+(\d+) kB$/m.exec(status)
      return kib ? Number(kib[1]) * 1024 : 0
    },
  }
}
