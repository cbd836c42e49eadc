import { describe, expect, it } from 'vitest'
import { anonymizeIp, ipv6Groups, unmapIpv4 } from './anonymize-ip.js'

describe('anonymizeIp', () => {
  it.each([
    ['203.0.113.195', '203.0.113.0'],
    ['10.1.2.3', '10.1.2.0'],
    ['2001:db8:85a3:8d3:1319:8a2e:370:7348', '2001:db8:85a3::'],
    ['2001:db8::1', '2001:db8::'],
    ['::1', '::'],
    ['fe80::1%eth0', 'fe80::'],
    ['::ffff:198.51.100.7', '198.51.100.0'],
  ])('truncates %s to %s', (address, expected) => {
    expect(anonymizeIp(address, 'truncate')).toBe(expected)
  })

  it('keeps nothing when told to remove the address', () => {
    expect(anonymizeIp('203.0.113.195', 'remove')).toBeUndefined()
  })

  it('keeps nothing of what is not an IP address', () => {
    expect(anonymizeIp('not-an-ip', 'truncate')).toBeUndefined()
    expect(anonymizeIp(undefined, 'truncate')).toBeUndefined()
  })
})

describe('ipv6Groups', () => {
  it('expands :: and an IPv4 tail', () => {
    expect(ipv6Groups('2001:db8::ffff:192.0.2.1')).toEqual([
      0x2001, 0xdb8, 0, 0, 0, 0xffff, 0xc000, 0x0201,
    ])
  })
})

describe('unmapIpv4', () => {
  it('turns an IPv4-mapped IPv6 address into IPv4 and leaves others alone', () => {
    expect(unmapIpv4('::ffff:127.0.0.1')).toBe('127.0.0.1')
    expect(unmapIpv4('::1')).toBe('::1')
    expect(unmapIpv4('127.0.0.1')).toBe('127.0.0.1')
  })
})
