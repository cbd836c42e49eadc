import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createUuidV7 } from './uuid.js'

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

/** Milliseconds since the epoch encoded in the first 48 bits of a UUIDv7. */
const timestampOf = (id: string) => parseInt(id.replace(/-/g, '').slice(0, 12), 16)

describe('createUuidV7', () => {
  it('makes version 7, variant 10 UUIDs carrying the clock in milliseconds', () => {
    const at = Date.UTC(2026, 10, 27, 10, 0, 0, 123)
    const id = createUuidV7(() => at + 0.5)()
    expect(id).toMatch(V7)
    expect(timestampOf(id)).toBe(at)
    // The fraction of the millisecond is in rand_a: 0.5 × 4096.
    expect(id.slice(14, 18)).toBe('7800')
  })

  it('carries any 48-bit time, whatever the fraction of its millisecond', () => {
    fc.assert(
      fc.property(
        // Below 2^48 - 1: a fraction added to the last millisecond could round up to 2^48.
        fc.integer({ min: 0, max: 2 ** 48 - 2 }),
        fc.double({ min: 0, max: 0.9999, noNaN: true }),
        (ms, fraction) => {
          // Near 2^48 a double's fraction is coarse: the clock is what the sum rounds to.
          const at = ms + fraction
          const id = createUuidV7(() => at)()
          expect(id).toMatch(V7)
          expect(timestampOf(id)).toBe(Math.floor(at))
        }
      ),
      {
        examples: [
          [0, 0],
          [2 ** 48 - 2, 0.9999],
        ],
      }
    )
  })

  it('sorts in creation order within one millisecond and across milliseconds', () => {
    let clock = 1_700_000_000_000
    const next = createUuidV7(() => (clock += 0.001))
    const ids = Array.from({ length: 5000 }, () => next())
    expect(new Set(ids).size).toBe(ids.length)
    expect([...ids].sort()).toEqual(ids)
    for (const id of ids) expect(id).toMatch(V7)
  })

  it('draws randomness in blocks, not for every id', () => {
    let calls = 0
    const next = createUuidV7(Date.now, (count) => (calls++, new Uint16Array(count).fill(0xffff)))
    const ids = Array.from({ length: 300 }, () => next())
    expect(calls).toBe(2)
    for (const id of ids) expect(id).toMatch(/^[0-9a-f-]+-bfff-ffffffffffff$/)
  })
})
