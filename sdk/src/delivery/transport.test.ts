import { afterEach, describe, expect, it, vi } from 'vitest'
import { createBeacon, createPost, retriable } from './transport.js'

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('retriable', () => {
  it.each([
    [200, false],
    [204, false],
    [0, true],
    [408, true],
    [429, true],
    [500, true],
    [503, true],
    [400, false],
    [401, false],
    [403, false],
    [404, false],
    [413, false],
    [415, false],
  ])('answers %i: %s', (status, retry) => {
    expect(retriable(status)).toBe(retry)
  })
})

describe('createPost', () => {
  it('posts text/plain with keepalive and without credentials, and answers status and Retry-After', async () => {
    const send = vi.fn(
      async () => new Response('{}', { status: 503, headers: { 'Retry-After': '5' } })
    )
    const post = createPost('https://c.example/v1/events', send)
    await expect(post('[]')).resolves.toEqual([503, '5'])
    expect(send).toHaveBeenCalledWith('https://c.example/v1/events', {
      method: 'POST',
      body: '[]',
      keepalive: true,
      credentials: 'omit',
    })
  })

  it('answers status 0 when there is no answer, and never rejects', async () => {
    const offline = () => Promise.reject(new TypeError('offline'))
    await expect(createPost('u', offline)('[]')).resolves.toEqual([0, null])
  })
})

describe('createBeacon', () => {
  it('answers whether the browser took the beacon', () => {
    vi.stubGlobal('navigator', { sendBeacon: (url: string) => url === 'u' })
    expect(createBeacon('u')('[]')).toBe(true)
    expect(createBeacon('v')('[]')).toBe(false)
  })
})
