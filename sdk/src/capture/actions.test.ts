import { describe, expect, it } from 'vitest'
import { actionData, scalarProperties } from './actions.js'

describe('actionData', () => {
  it('keeps a name and scalar properties', () => {
    expect(actionData('promo_seen', { promo: 'autumn', n: 2, ok: true, none: null })).toEqual({
      name: 'promo_seen',
      properties: { promo: 'autumn', n: 2, ok: true, none: null },
    })
  })

  it('answers undefined for a missing or empty name, and cuts a long one', () => {
    expect(actionData('')).toBeUndefined()
    expect(actionData(undefined)).toBeUndefined()
    expect(actionData({ name: 'x' })).toBeUndefined()
    expect(actionData('n'.repeat(200))!.name).toHaveLength(128)
  })
})

describe('scalarProperties', () => {
  it('leaves out what the schema would refuse and cuts long strings', () => {
    const kept = scalarProperties({
      nested: { a: 1 },
      list: [1],
      fn: () => 1,
      big: 1n,
      sym: Symbol('s'),
      undef: undefined,
      ['k'.repeat(129)]: 1,
      long: 'v'.repeat(2000),
    })
    expect(kept).toEqual({ long: 'v'.repeat(1024) })
  })

  it('keeps 64 properties at most and answers undefined when none is left', () => {
    const many = Object.fromEntries(Array.from({ length: 70 }, (_, i) => [`p${i}`, i]))
    expect(Object.keys(scalarProperties(many)!)).toHaveLength(64)
    expect(scalarProperties({})).toBeUndefined()
    expect(scalarProperties('text')).toBeUndefined()
    expect(scalarProperties(null)).toBeUndefined()
  })
})
