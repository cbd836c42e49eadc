import { describe, expect, it } from 'vitest'
import { actionData } from './actions.js'

describe('actionData', () => {
  it('keeps a name and scalar properties', () => {
    expect(actionData('promo_seen', { promo: 'autumn', n: 2, ok: true, none: null })).toEqual({
      name: 'promo_seen',
      properties: { promo: 'autumn', n: 2, ok: true, none: null },
    })
  })

  it('answers undefined for a missing or empty name', () => {
    expect(actionData('')).toBeUndefined()
    expect(actionData(undefined)).toBeUndefined()
    expect(actionData({ name: 'x' })).toBeUndefined()
  })

  it('leaves out properties the schema would refuse and says which', () => {
    const skipped: string[] = []
    const data = actionData(
      'x',
      { nested: { a: 1 }, list: [1], fn: () => 1, ['k'.repeat(129)]: 1, long: 'v'.repeat(2000) },
      (key) => skipped.push(key)
    )
    expect(data).toEqual({ name: 'x', properties: { long: 'v'.repeat(1024) } })
    expect(skipped).toEqual(['nested', 'list', 'fn', 'k'.repeat(129)])
  })

  it('keeps 64 properties at most and drops an empty property object', () => {
    const many = Object.fromEntries(Array.from({ length: 70 }, (_, i) => [`p${i}`, i]))
    expect(Object.keys(actionData('x', many)!.properties!)).toHaveLength(64)
    expect(actionData('x', {})).toEqual({ name: 'x' })
  })
})
