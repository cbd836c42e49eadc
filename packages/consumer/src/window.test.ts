import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createTumblingCounter } from './window.js'

describe('createTumblingCounter', () => {
  it('counts per key per window and closes windows when the watermark passes them', () => {
    const counter = createTumblingCounter({ sizeMs: 60_000 })
    counter.add(0, '/')
    counter.add(59_999, '/')
    counter.add(30_000, '/cart')
    counter.add(60_000, '/')
    expect(counter.advance(59_999)).toEqual([])
    const [first, ...rest] = counter.advance(60_000)
    expect(rest).toEqual([])
    expect(first).toEqual({
      start: 0,
      end: 60_000,
      counts: new Map([
        ['/', 2],
        ['/cart', 1],
      ]),
    })
    expect(counter.advance(120_000).map((w) => [w.start, Object.fromEntries(w.counts)])).toEqual([
      [60_000, { '/': 1 }],
    ])
  })

  it('drops and counts events that arrive after their window closed', () => {
    const counter = createTumblingCounter({ sizeMs: 1000, allowedLatenessMs: 500 })
    counter.advance(1400)
    expect(counter.add(900, 'a')).toBe(true)
    counter.advance(1500)
    expect(counter.add(999, 'a')).toBe(false)
    expect(counter.late).toBe(1)
  })

  it('loses no on-time event: closed counts add up to what was added', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(10_000), fc.constantFrom('a', 'b', 'c'))), (events) => {
        const counter = createTumblingCounter({ sizeMs: 700 })
        for (const [time, key] of events) counter.add(time, key)
        const total = counter
          .advance(Number.MAX_SAFE_INTEGER)
          .reduce((sum, window) => sum + [...window.counts.values()].reduce((a, b) => a + b, 0), 0)
        expect(total).toBe(events.length)
      })
    )
  })
})
