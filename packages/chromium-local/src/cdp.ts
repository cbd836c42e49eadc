import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Readable, Writable } from 'node:stream'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './launch.js'

/**
 * Chromium driven over the DevTools protocol itself, on a pipe. Playwright enables its own
 * agents (network, runtime) in every page it drives; this connection enables nothing, so a
 * measurement of a page's main thread sees only what the page does (Playwright's network agent
 * adds 0.5–1 ms of main-thread time to every `fetch` on the project's 2-core VM).
 */
export interface ChromiumCdp {
  /**
   * Sends one command, to the browser or, with `sessionId`, to a target attached with
   * `Target.attachToTarget({ flatten: true })`; rejects with the protocol's error.
   */
  send<T = unknown>(method: string, params?: object, sessionId?: string): Promise<T>
  /** Closes the browser and removes its profile. */
  close(): Promise<void>
}

/**
 * Launches headless Chromium with {@link CHROMIUM_ARGS}, a new temporary profile and the
 * DevTools protocol on a pipe (`--remote-debugging-pipe`: file descriptors 3 and 4, messages
 * separated by NUL bytes).
 *
 * @example
 * const cdp = await launchChromiumCdp()
 * const { targetId } = await cdp.send<{ targetId: string }>('Target.createTarget', { url })
 */
export async function launchChromiumCdp(): Promise<ChromiumCdp> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'clickstream-chromium-'))
  const child = spawn(
    CHROMIUM_PATH,
    [
      ...CHROMIUM_ARGS,
      '--headless',
      // As Playwright launches it: pages opened over the protocol are never treated as hidden.
      '--disable-renderer-backgrounding',
      '--disable-background-timer-throttling',
      '--disable-backgrounding-occluded-windows',
      '--remote-debugging-pipe',
      `--user-data-dir=${userDataDir}`,
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] }
  )
  const toBrowser = child.stdio[3] as Writable
  const fromBrowser = child.stdio[4] as Readable
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const pending = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (e: Error) => void }
  >()
  let lastId = 0
  let buffered = ''
  const failAll = (error: Error) => {
    for (const { reject } of pending.values()) reject(error)
    pending.clear()
  }
  fromBrowser.setEncoding('utf8')
  fromBrowser.on('data', (chunk: string) => {
    buffered += chunk
    for (let end = buffered.indexOf('\0'); end >= 0; end = buffered.indexOf('\0')) {
      const message = JSON.parse(buffered.slice(0, end)) as {
        id?: number
        result?: unknown
        error?: { message: string }
      }
      buffered = buffered.slice(end + 1)
      const waiter = message.id === undefined ? undefined : pending.get(message.id)
      if (!waiter) continue
      pending.delete(message.id!)
      if (message.error) waiter.reject(new Error(message.error.message))
      else waiter.resolve(message.result)
    }
  })
  child.once('error', failAll)
  child.once('exit', (code) => failAll(new Error(`Chromium exited with code ${code}`)))
  toBrowser.on('error', failAll)

  const cdp: ChromiumCdp = {
    send: <T>(method: string, params: object = {}, sessionId?: string) =>
      new Promise<T>((resolve, reject) => {
        const id = ++lastId
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject })
        toBrowser.write(`${JSON.stringify({ id, method, params, sessionId })}\0`)
      }),
    async close() {
      await cdp.send('Browser.close').catch(() => {})
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
      await exited
      clearTimeout(timer)
      rmSync(userDataDir, { recursive: true, force: true })
    },
  }
  try {
    // Answers once the browser is up.
    await cdp.send('Browser.getVersion')
  } catch (error) {
    child.kill('SIGKILL')
    rmSync(userDataDir, { recursive: true, force: true })
    throw error
  }
  return cdp
}
