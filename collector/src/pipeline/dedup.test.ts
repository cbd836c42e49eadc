import { describe, expect, it } from 'vitest'
import type { ClaimStatus } from '../dedup/dedup-store.js'
import { pageView } from '../testing/events.js'
import { dedupKey, dedupKeys, splitDuplicates } from './dedup.js'

describe('dedupKey', () => {
  it('tells apart sources and ids that concatenate alike', () => {
    expect(dedupKey({ source: 'ab', id: 'c' })).not.toBe(dedupKey({ source: 'a', id: 'bc' }))
    expect(dedupKey({ source: 'a', id: 'b' })).toBe(dedupKey({ source: 'a', id: 'b' }))
  })
})

describe('splitDuplicates', () => {
  it('sorts events by what the store answered for their keys', () => {
    const [a, b, c] = [pageView(), pageView(), pageView()]
    const statuses = new Map<string, ClaimStatus>([
      [dedupKey(a), 'claimed'],
      [dedupKey(b), 'duplicate'],
      [dedupKey(c), 'pending'],
    ])
    expect(splitDuplicates([a, b, c], statuses)).toEqual({
      fresh: [a],
      duplicates: [b],
      pending: [c],
    })
  })

  it('keeps the first of two events with the same source and id in one batch', () => {
    const a = pageView()
    const copy = { ...a }
    const other = pageView({ id: a.id, source: 'https://other.example' })
    expect(dedupKeys([a, copy, other])).toHaveLength(2)
    const statuses = new Map<string, ClaimStatus>(
      dedupKeys([a, copy, other]).map((k) => [k, 'claimed'])
    )
    expect(splitDuplicates([a, copy, other], statuses)).toEqual({
      fresh: [a, other],
      duplicates: [copy],
      pending: [],
    })
  })
})
