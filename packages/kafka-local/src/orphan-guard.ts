import { spawn, type ChildProcess } from 'node:child_process'
import { rmSync } from 'node:fs'
import type { Socket } from 'node:net'

/**
 * Makes sure no Kafka JVM outlives the Node process that started it, and no temporary data dir
 * is left behind, however that process ends:
 * - `exit` (normal end, `process.exit()`): kill and delete synchronously;
 * - SIGINT/SIGTERM/SIGHUP that nobody else handles: the same, then die of the signal as usual;
 * - SIGKILL, a crash, a test runner killing its worker: nothing in-process can run, so a small
 *   detached watchdog process holds a pipe from us and does the cleanup when the pipe closes.
 * A JVM started with the default `spawn` options would otherwise survive all three.
 */

/** Runs in the watchdog: reads `+pid N`, `-pid N`, `+dir P`, `-dir P` lines until EOF. */
const WATCHDOG_SCRIPT = `
const fs = require('node:fs')
const pids = new Set()
const dirs = new Set()
let buffered = ''
process.stdin.setEncoding('utf8')
process.stdin.on('data', (chunk) => {
  buffered += chunk
  const lines = buffered.split('\\n')
  buffered = lines.pop()
  for (const line of lines) {
    const [op, ...rest] = line.split(' ')
    const arg = rest.join(' ')
    if (op === '+pid') pids.add(Number(arg))
    else if (op === '-pid') pids.delete(Number(arg))
    else if (op === '+dir') dirs.add(arg)
    else if (op === '-dir') dirs.delete(arg)
  }
})
const alive = (pid) => {
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }
  try {
    // A zombie (killed, not yet reaped) still answers signal 0 but holds no files.
    return !/^\\d+ \\(.*\\) Z/.test(fs.readFileSync('/proc/' + pid + '/stat', 'utf8'))
  } catch {
    return true
  }
}
process.stdin.on('end', () => {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL')
    } catch {}
  }
  const deadline = Date.now() + 5000
  const finish = () => {
    if ([...pids].some(alive) && Date.now() < deadline) return setTimeout(finish, 50)
    for (const dir of dirs) {
      try {
        fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 })
      } catch {}
    }
  }
  finish()
})
`

const pids = new Set<number>()
const dirs = new Set<string>()
let watchdog: ChildProcess | undefined
let handlersInstalled = false
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const

/** Kills `pid` with SIGKILL if this process ends before the returned release function is called. */
export function guardPid(pid: number): () => void {
  pids.add(pid)
  tell(`+pid ${pid}`)
  return () => {
    if (!pids.delete(pid)) return
    tell(`-pid ${pid}`)
    retireWatchdogIfIdle()
  }
}

/** Deletes `dir` if this process ends before the returned release function is called. */
export function guardDir(dir: string): () => void {
  dirs.add(dir)
  tell(`+dir ${dir}`)
  return () => {
    if (!dirs.delete(dir)) return
    tell(`-dir ${dir}`)
    retireWatchdogIfIdle()
  }
}

/** The watchdog script, exported for its test. */
export function watchdogScript(): string {
  return WATCHDOG_SCRIPT
}

function tell(line: string): void {
  installHandlers()
  if (watchdog) {
    watchdog.stdin!.write(`${line}\n`)
    return
  }
  watchdog = spawn(process.execPath, ['-e', WATCHDOG_SCRIPT], {
    // Its own process group: a Ctrl-C sent to our terminal's group must not kill it.
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
  })
  // Neither the process nor its pipe may keep our event loop alive.
  watchdog.unref()
  ;(watchdog.stdin as Socket).unref()
  // A failed spawn only costs the SIGKILL safety net; the in-process handlers still run.
  watchdog.on('error', () => {})
  watchdog.stdin!.on('error', () => {})
  // A new watchdog learns the whole state, the line that caused its spawn included.
  for (const pid of pids) watchdog.stdin!.write(`+pid ${pid}\n`)
  for (const dir of dirs) watchdog.stdin!.write(`+dir ${dir}\n`)
}

function retireWatchdogIfIdle(): void {
  if (pids.size > 0 || dirs.size > 0 || !watchdog) return
  watchdog.stdin!.end()
  watchdog = undefined
}

/** Synchronous cleanup: the only kind that can run in an `exit` handler. */
function cleanUpNow(): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL')
    } catch {
      // Already gone.
    }
  }
  for (const dir of dirs) {
    try {
      // Retries: a JVM killed a moment ago may still be closing files in it.
      rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 })
    } catch {
      // Best effort; the watchdog tries again.
    }
  }
}

function onSignal(signal: NodeJS.Signals): void {
  // Someone else handles this signal (a CLI stopping Kafka gracefully, a test runner): leave
  // the decision to them; whatever is left is cleaned up on `exit` or by the watchdog.
  if (process.listenerCount(signal) > 1) return
  cleanUpNow()
  for (const name of SIGNALS) process.removeListener(name, onSignal)
  process.removeListener('exit', cleanUpNow)
  // Re-raise so the process dies of the signal, as it would have without our handler.
  process.kill(process.pid, signal)
}

function installHandlers(): void {
  if (handlersInstalled) return
  handlersInstalled = true
  process.on('exit', cleanUpNow)
  for (const signal of SIGNALS) process.on(signal, onSignal)
}
