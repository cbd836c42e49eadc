import { describe, expect, it } from 'vitest'
import { ConfigError, PublishError } from '../errors.js'
import { backoffDelay, isRetriable, retry } from './retry.js'

/** A sleep that records the waits and returns at once. */
function fakeSleep() {
  const waits: number[] = []
  const sleep = async (ms: number, signal?: AbortSignal) => {
    signal?.throwIfAborted()
    waits.push(ms)
  }
  return { waits, sleep }
}

/** A task that fails `failures` times with `error`, then resolves with the attempt number. */
function flaky(failures: number, error: Error = new PublishError('down')) {
  return async (attempt: number) => {
    if (attempt <= failures) throw error
    return attempt
  }
}

describe('retry', () => {
  it('resolves with the first success, waiting exponentially longer in between', async () => {
    const { waits, sleep } = fakeSleep()
    const result = await retry(flaky(3), { sleep, jitter: 0, initialDelayMs: 100 })
    expect(result).toBe(4)
    expect(waits).toEqual([100, 200, 400])
  })

  it('caps the wait at maxDelayMs', async () => {
    const { waits, sleep } = fakeSleep()
    await retry(flaky(6), { sleep, jitter: 0, initialDelayMs: 100, maxDelayMs: 500 })
    expect(waits).toEqual([100, 200, 400, 500, 500, 500])
  })

  it('rethrows the last failure once the retries are spent', async () => {
    const { waits, sleep } = fakeSleep()
    const error = new PublishError('still down')
    await expect(retry(flaky(5, error), { sleep, retries: 2 })).rejects.toBe(error)
    expect(waits).toHaveLength(2)
  })

  it('never retries programmer errors or collector errors marked final', async () => {
    for (const error of [new TypeError('x is undefined'), new ConfigError('PORT', 'bad')]) {
      const { waits, sleep } = fakeSleep()
      await expect(retry(flaky(1, error), { sleep })).rejects.toBe(error)
      expect(waits).toEqual([])
    }
  })

  it('stops when its signal aborts', async () => {
    const controller = new AbortController()
    const { sleep } = fakeSleep()
    const attempts: number[] = []
    const task = async (attempt: number) => {
      attempts.push(attempt)
      if (attempt === 2) controller.abort(new Error('stopping'))
      throw new PublishError('down')
    }
    await expect(retry(task, { sleep, signal: controller.signal })).rejects.toThrow('stopping')
    expect(attempts).toEqual([1, 2])
  })

  it('reports each failure before waiting', async () => {
    const { sleep } = fakeSleep()
    const seen: [number, number][] = []
    await retry(flaky(2), {
      sleep,
      jitter: 0,
      onRetry: (_error, attempt, delayMs) => seen.push([attempt, delayMs]),
    })
    expect(seen).toEqual([
      [1, 300],
      [2, 600],
    ])
  })
})

describe('backoffDelay', () => {
  it('spreads each wait by the jitter around its exponential base', () => {
    const options = { initialDelayMs: 1000, jitter: 0.2 }
    expect(backoffDelay(1, options, () => 0)).toBe(800)
    expect(backoffDelay(1, options, () => 0.5)).toBe(1000)
    expect(backoffDelay(2, options, () => 0.999_999)).toBe(2400)
  })
})

describe('isRetriable', () => {
  it('retries unknown and retriable failures only', () => {
    expect(isRetriable(new Error('ECONNRESET'))).toBe(true)
    expect(isRetriable(new PublishError('down'))).toBe(true)
    expect(isRetriable(new RangeError('bad'))).toBe(false)
    expect(isRetriable(new ConfigError('PORT', 'bad'))).toBe(false)
  })
})
