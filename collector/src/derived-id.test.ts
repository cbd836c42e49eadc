import { describe, expect, it } from 'vitest'
import { derivedUuid } from './derived-id.js'

describe('derivedUuid', () => {
  it('is a version 8 UUID with the RFC 9562 variant', () => {
    expect(derivedUuid('a', 'b')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
    )
  })

  it('is the same for the same parts and differs otherwise', () => {
    expect(derivedUuid('a', 'b')).toBe(derivedUuid('a', 'b'))
    expect(derivedUuid('a', 'b')).not.toBe(derivedUuid('a', 'c'))
    expect(derivedUuid('ab', 'c')).not.toBe(derivedUuid('a', 'bc'))
  })
})
