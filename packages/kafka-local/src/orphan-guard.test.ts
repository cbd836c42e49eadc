import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { once } from 'node:events'
import { setTimeout as sleep } from 'node:timers/promises'

import { describe, expect, it } from 'vitest'

import { watchdogScript } from './orphan-guard.js'

/** A stand-in for a Kafka JVM: any long-running process will do. */
function longRunning(): ChildProcess {
  return spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' })
}

describe('orphan watchdog', () => {
  // Its stdin closing is exactly what the watchdog sees when its parent dies, even of SIGKILL.
  it('kills guarded processes and deletes guarded dirs when its parent goes away', async () => {
    const victim = longRunning()
    const released = longRunning()
    const dir = await mkdtemp(path.join(os.tmpdir(), 'kafka-local-guard-'))
    const watchdog = spawn(process.execPath, ['-e', watchdogScript()], {
      stdio: ['pipe', 'ignore', 'inherit'],
    })
    watchdog.stdin!.write(`+pid ${victim.pid}\n+pid ${released.pid}\n+dir ${dir}\n`)
    watchdog.stdin!.write(`-pid ${released.pid}\n`)
    watchdog.stdin!.end()

    const [, signal] = (await once(victim, 'exit')) as [number | null, NodeJS.Signals | null]
    expect(signal).toBe('SIGKILL')
    await once(watchdog, 'exit')
    expect(existsSync(dir)).toBe(false)

    await sleep(100)
    expect(released.exitCode).toBeNull()
    expect(released.signalCode).toBeNull()
    released.kill('SIGKILL')
  })
})
