import { REASONS } from '@clickstream/schema'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { pageView } from '../testing/events.js'
import { checkStructure } from './structure.js'

const limits = { maxEventBytes: 32 * 1024, maxStringLength: 4096, maxDepth: 10, maxProperties: 128 }

const nest = (depth: number): unknown => (depth === 0 ? 'leaf' : { a: nest(depth - 1) })

describe('checkStructure', () => {
  it('passes a typical event', () => {
    expect(checkStructure(pageView(), limits)).toBeUndefined()
  })

  it('rejects a long string value or property name as limit_exceeded', () => {
    expect(checkStructure(pageView({ subject: 'x'.repeat(4097) }), limits)).toEqual({
      reason: REASONS.limitExceeded,
      detail: 'a string of 4097 characters, at most 4096',
    })
    expect(checkStructure({ ['k'.repeat(4097)]: 1 }, limits)).toMatchObject({
      reason: REASONS.limitExceeded,
    })
  })

  it('counts the event object as level 1 of maxDepth', () => {
    expect(checkStructure(nest(9), limits)).toBeUndefined()
    expect(checkStructure(nest(10), limits)).toBeUndefined()
    expect(checkStructure(nest(11), limits)).toEqual({
      reason: REASONS.limitExceeded,
      detail: 'nested deeper than 10 levels',
    })
  })

  it('stops at the depth limit without recursing through a huge nesting', () => {
    const deep = JSON.parse('['.repeat(100_000) + ']'.repeat(100_000)) as unknown
    expect(checkStructure(deep, limits)).toMatchObject({ reason: REASONS.limitExceeded })
  })

  it('limits the properties of an object and the items of an array', () => {
    const many = Object.fromEntries(Array.from({ length: 129 }, (_, i) => [`k${i}`, i]))
    expect(checkStructure({ data: many }, limits)).toMatchObject({
      detail: 'an object with over 128 properties',
    })
    expect(checkStructure({ data: new Array(129).fill(0) }, limits)).toMatchObject({
      detail: 'an array of 129 items, at most 128',
    })
  })

  it('rejects an event over maxEventBytes as event_too_large, measured in UTF-8 bytes', () => {
    const event = pageView({ subject: 'é'.repeat(400) })
    const chars = JSON.stringify(event).length
    const result = checkStructure(event, { ...limits, maxEventBytes: chars + 10 })
    expect(result).toEqual({
      reason: REASONS.eventTooLarge,
      detail: `${chars + 400} bytes, at most ${chars + 10}`,
    })
  })

  it('agrees with JSON.stringify on the size of any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.nat({ max: 600 }), (value, max) => {
        const bytes = Buffer.byteLength(JSON.stringify(value), 'utf8')
        const result = checkStructure(value, { ...limits, maxEventBytes: max })
        expect(result?.reason === REASONS.eventTooLarge).toBe(bytes > max)
      })
    )
  })
})
