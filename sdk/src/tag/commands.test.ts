import { describe, expect, it } from 'vitest'
import type { Clickstream } from '../clickstream.js'
import { runCommand } from './commands.js'

const recordingApi = () => {
  const calls: unknown[][] = []
  const api: Clickstream = {
    track: (...args) => void calls.push(['track', ...args]),
    page: () => void calls.push(['page']),
    flush: () => (calls.push(['flush']), Promise.resolve()),
    shutdown: () => (calls.push(['shutdown']), Promise.resolve()),
  }
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
    runCommand(api, ['page'])
    expect(calls).toEqual([['track', 'promo_seen', { promo: 'autumn' }], ['page']])
  })

  it('answers the promise of flush', async () => {
    const { api } = recordingApi()
    await expect(runCommand(api, ['flush'])).resolves.toBeUndefined()
  })

  it('ignores unknown methods and inherited properties', () => {
    const { api, calls } = recordingApi()
    expect(runCommand(api, ['identify', 'u1'])).toBeUndefined()
    expect(runCommand(api, ['constructor'])).toBeUndefined()
    expect(runCommand(api, [])).toBeUndefined()
    expect(calls).toEqual([])
  })
})
