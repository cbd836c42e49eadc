import { describe, expect, it } from 'vitest'
import { createUuidV7, uuidV4 } from './uuid.js'

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

/** Milliseconds since the epoch encoded in the first 48 bits of a UUIDv7. */
const timestampOf = (id: string) => parseInt(id.replace(/-/g, '').slice(0, 12), 16)

describe('uuidV4', () => {
  it('makes version 4, variant 10 UUIDs that differ', () => {
    const ids = new Set(Array.from({ length: 100 }, () => uuidV4()))
    expect(ids.size).toBe(100)
    for (const id of ids) expect(id).toMatch(V4)
  })
})

describe('createUuidV7', () => {
  it('makes version 7, variant 10 UUIDs carrying the clock in milliseconds', () => {
    const at = Date.UTC(2026, 10, 27, 10, 0, 0, 123)
    const id = createUuidV7(() => at)()
    expect(id).toMatch(V7)
    expect(timestampOf(id)).toBe(at)
  })

  it('sorts in creation order within one millisecond and across milliseconds', () => {
    let clock = 1_700_000_000_000
    const next = createUuidV7(() => clock)
    const ids: string[] = []
    for (let i = 0; i < 5000; i++) {
      if (i % 1000 === 999) clock++
      ids.push(next())
    }
    expect(new Set(ids).size).toBe(ids.length)
    expect([...ids].sort()).toEqual(ids)
    for (const id of ids) expect(id).toMatch(V7)
  })

  it('never goes backwards when the clock does', () => {
    let clock = 1_700_000_000_500
    const next = createUuidV7(() => clock)
    const first = next()
    clock -= 400
    const second = next()
    expect(second > first).toBe(true)
    expect(timestampOf(second)).toBe(1_700_000_000_500)
  })

  it('borrows the next millisecond when the counter overflows', () => {
    // All-ones randomness seeds the counter at its highest start value, 0x7ff.
    const ones = (bytes: Uint8Array) => bytes.fill(0xff)
    const next = createUuidV7(() => 1000, ones)
    const ids = Array.from({ length: 0x1000 - 0x7ff + 1 }, () => next())
    expect(timestampOf(ids[ids.length - 2]!)).toBe(1000)
    expect(timestampOf(ids[ids.length - 1]!)).toBe(1001)
    expect([...ids].sort()).toEqual(ids)
  })
})
