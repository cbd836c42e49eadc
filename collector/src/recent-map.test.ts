import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createRecentMap } from './recent-map.js'

/** A map of at most 4 entries, two to a generation, with `keys` set in order to 1, 2, … */
const mapWith = (...keys: string[]) => {
  const map = createRecentMap<string, number>(4)
  for (const [index, key] of keys.entries()) map.set(key, index + 1)
  return map
}

describe('createRecentMap', () => {
  it('drops the older generation whole once the young one holds half of maxEntries', () => {
    const map = mapWith('a', 'b', 'c', 'd', 'e')
    expect(['a', 'b', 'c', 'd', 'e'].map((key) => map.get(key))).toEqual([
      undefined,
      undefined,
      3,
      4,
      5,
    ])
    expect(map.size).toBe(3)
  })

  it('updates a present key in place, in whichever generation holds it', () => {
    const map = mapWith('a', 'b')
    // `a` and `b` are the old generation now; updating `a` does not make it young.
    map.set('a', 10)
    expect(map.get('a')).toBe(10)
    map.set('c', 3)
    map.set('d', 4)
    expect(map.get('a')).toBeUndefined()
    expect(map.get('c')).toBe(3)
  })

  it('renews a key of the old generation as one of the newest', () => {
    const map = mapWith('a', 'b')
    map.renew('a', 10)
    map.set('c', 3)
    // `a` came into the young generation with `c`, which then became the old one.
    expect(map.get('b')).toBeUndefined()
    expect(map.get('a')).toBe(10)
    expect(map.get('c')).toBe(3)
    expect(map.size).toBe(2)
  })

  it('deletes from either generation', () => {
    const map = mapWith('a', 'b', 'c')
    expect(map.delete('a')).toBe(true)
    expect(map.delete('c')).toBe(true)
    expect(map.delete('c')).toBe(false)
    expect(map.get('a')).toBeUndefined()
    expect(map.get('b')).toBe(2)
    expect(map.size).toBe(1)
  })

  it('never holds more than maxEntries and always holds the newest half (set or renewed), with their last values', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer(), fc.boolean()), {
          maxLength: 200,
        }),
        (maxEntries, sets) => {
          const map = createRecentMap<number, number>(maxEntries)
          // A model: each key's last value, in the order keys came in (absent, or renewed), the
          // newest last.
          const last = new Map<number, number>()
          for (const [key, value, renew] of sets) {
            const present = map.get(key) !== undefined
            if (renew) map.renew(key, value)
            else map.set(key, value)
            if (renew || !present) last.delete(key)
            last.set(key, value)
            expect(map.size).toBeLessThanOrEqual(maxEntries)
            const newest = [...last].slice(-Math.ceil(maxEntries / 2))
            for (const [key, value] of newest) expect(map.get(key)).toBe(value)
          }
        }
      )
    )
  })
})
