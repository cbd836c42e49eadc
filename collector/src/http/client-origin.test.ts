import { describe, expect, it } from 'vitest'
import { ConfigError } from '../errors.js'
import { createClientOrigin } from './client-origin.js'

const request = (socketAddress: string, forwardedFor?: string, forwardedProto?: string) => ({
  socketAddress,
  forwardedFor,
  forwardedProto,
  tls: false,
})

describe('createClientOrigin', () => {
  const originOf = createClientOrigin(['10.0.0.0/8', '2001:db8:1::/48', '192.0.2.7'])

  it('takes the socket peer and ignores X-Forwarded-For from an untrusted peer', () => {
    expect(originOf(request('203.0.113.9', '198.51.100.1', 'https'))).toEqual({
      address: '203.0.113.9',
      secure: false,
    })
  })

  it('takes the rightmost untrusted hop behind trusted proxies', () => {
    // The client wrote the first entry itself; the proxies appended the others.
    const origin = originOf(request('10.0.0.2', '1.2.3.4, 198.51.100.1, 10.0.0.9'))
    expect(origin.address).toBe('198.51.100.1')
  })

  it('recognises IPv4-mapped and IPv6 proxies', () => {
    expect(originOf(request('::ffff:10.0.0.2', '198.51.100.1')).address).toBe('198.51.100.1')
    expect(originOf(request('2001:db8:1::5', '2001:db8:2::1')).address).toBe('2001:db8:2::1')
    expect(originOf(request('192.0.2.7', '198.51.100.1')).address).toBe('198.51.100.1')
  })

  it('falls back to the leftmost hop when every hop is trusted', () => {
    expect(originOf(request('10.0.0.2', '10.0.0.3')).address).toBe('10.0.0.3')
    expect(originOf(request('10.0.0.2')).address).toBe('10.0.0.2')
  })

  it('judges each peer afresh when peers alternate', () => {
    const fresh = createClientOrigin(['10.0.0.0/8'])
    for (let round = 0; round < 2; round++) {
      expect(fresh(request('10.0.0.2', '198.51.100.1')).address).toBe('198.51.100.1')
      expect(fresh(request('203.0.113.9', '198.51.100.1')).address).toBe('203.0.113.9')
      expect(fresh(request('10.0.0.2', '10.0.0.3')).address).toBe('10.0.0.3')
    }
  })

  it('knows no client when a trusted proxy forwarded garbage', () => {
    expect(originOf(request('10.0.0.2', 'unknown')).address).toBeUndefined()
  })

  it('believes X-Forwarded-Proto only from a trusted proxy', () => {
    expect(originOf(request('10.0.0.2', '198.51.100.1', 'https')).secure).toBe(true)
    expect(originOf(request('203.0.113.9', undefined, 'https')).secure).toBe(false)
    expect(originOf({ ...request('203.0.113.9'), tls: true }).secure).toBe(true)
  })

  it('refuses an entry that is not an address or a CIDR block', () => {
    expect(() => createClientOrigin(['10.0.0.0/33'])).toThrow(ConfigError)
    expect(() => createClientOrigin(['proxy.local'])).toThrow(/trustedProxies/)
  })
})
