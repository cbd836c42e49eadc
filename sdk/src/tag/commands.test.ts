import { describe, expect, it } from 'vitest'
import { METHODS, type Clickstream } from '../clickstream.js'
import { runCommand } from './commands.js'

const recordingApi = () => {
  const calls: unknown[][] = []
  const api = Object.fromEntries(
    METHODS.map((method) => [
      method,
      (...args: unknown[]) => (calls.push([method, ...args]), Promise.resolve()),
    ])
  ) as unknown as Clickstream
  return { api, calls }
}

describe('runCommand', () => {
  it('runs the queued arguments objects of the snippet', () => {
    const { api, calls } = recordingApi()
    function stub(..._args: unknown[]) {
      // eslint-disable-next-line prefer-rest-params -- what the snippet queues
      return arguments
    }
    runCommand(api, stub('track', 'promo_seen', { promo: 'autumn' }))
    runCommand(api, ['identify', 'user-1', { plan: 'pro' }])
    runCommand(api, ['consent', 'granted'])
    expect(calls).toEqual([
      ['track', 'promo_seen', { promo: 'autumn' }],
      ['identify', 'user-1', { plan: 'pro' }],
      ['consent', 'granted'],
    ])
  })

  it('answers what the method answers', async () => {
    const { api } = recordingApi()
    await expect(runCommand(api, ['flush'])).resolves.toBeUndefined()
  })

  it('ignores unknown methods and inherited properties', () => {
    const { api, calls } = recordingApi()
    expect(runCommand(api, ['shutdown'])).toBeUndefined()
    expect(runCommand(api, ['constructor'])).toBeUndefined()
    expect(runCommand(api, [])).toBeUndefined()
    expect(calls).toEqual([])
  })
})
