import { describe, expect, it } from 'vitest'
import { retry } from './retry.js'

describe('retry', () => {
  it('retries with exponentially growing, jittered delays until the attempt succeeds', async () => {
    const delays: number[] = []
    let calls = 0
    const result = await retry(
      async () => {
        if (++calls < 4) throw new Error('not yet')
        return 'done'
      },
      {
        retries: 5,
        initialDelayMs: 100,
        sleep: async (ms) => void delays.push(ms),
        random: () => 0.5,
      }
    )
    expect(result).toBe('done')
    expect(delays).toEqual([50, 100, 200])
  })

  it('throws the last error once the retries are spent', async () => {
    let calls = 0
    const failing = retry(
      async () => {
        calls++
        throw new Error(`failure ${calls}`)
      },
      { retries: 2, sleep: async () => {} }
    )
    await expect(failing).rejects.toThrow('failure 3')
  })

  it('never retries a programmer error', async () => {
    let calls = 0
    const failing = retry(
      async () => {
        calls++
        throw new TypeError('bug')
      },
      { sleep: async () => {} }
    )
    await expect(failing).rejects.toThrow('bug')
    expect(calls).toBe(1)
  })

  it('caps each delay at maxDelayMs', async () => {
    const delays: number[] = []
    await expect(
      retry(
        async () => {
          throw new Error('down')
        },
        {
          retries: 6,
          initialDelayMs: 1000,
          maxDelayMs: 3000,
          sleep: async (ms) => void delays.push(ms),
          random: () => 0.999,
        }
      )
    ).rejects.toThrow()
    expect(Math.max(...delays)).toBeLessThan(3000)
    expect(delays.at(-1)).toBe(2997)
  })
})
