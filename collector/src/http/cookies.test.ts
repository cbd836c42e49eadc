import { describe, expect, it } from 'vitest'
import { cookieDefaults, cookieId, idCookies } from './cookies.js'

describe('idCookies', () => {
  it('sets both ids HttpOnly and SameSite=Lax, Secure only over HTTPS', () => {
    const cookies = idCookies(cookieDefaults, { visitorId: 'v1', sessionId: 's1' }, true, 1800)
    expect(cookies).toEqual([
      {
        name: 'cs_vid',
        value: 'v1',
        options: { path: '/', httpOnly: true, secure: true, sameSite: 'Lax', maxAge: 365 * 86_400 },
      },
      {
        name: 'cs_sid',
        value: 's1',
        options: { path: '/', httpOnly: true, secure: true, sameSite: 'Lax', maxAge: 1800 },
      },
    ])
    const plain = idCookies(cookieDefaults, { visitorId: 'v1', sessionId: 's1' }, false, 1800)
    expect(plain.every((c) => c.options.secure === false)).toBe(true)
  })

  it('adds the configured domain', () => {
    const [visitor] = idCookies(
      { ...cookieDefaults, domain: 'shop.example' },
      { visitorId: 'v', sessionId: 's' },
      true,
      1
    )
    expect(visitor!.options.domain).toBe('shop.example')
  })
})

describe('cookieId', () => {
  it('takes back only ids of the collector’s own shape', () => {
    expect(cookieId('0193f1c2-7d4e-7a01-9c55-2f0e8b1d3a10')).toBe(
      '0193f1c2-7d4e-7a01-9c55-2f0e8b1d3a10'
    )
    expect(cookieId('a b')).toBeUndefined()
    expect(cookieId('x'.repeat(129))).toBeUndefined()
    expect(cookieId(undefined)).toBeUndefined()
  })
})
