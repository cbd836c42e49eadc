import { describe, expect, it } from 'vitest'
import { scrollPercent } from './scroll-depth.js'

describe('scrollPercent', () => {
  it('answers how far down the bottom of the viewport is, in whole percent', () => {
    expect(scrollPercent(0, 800, 4000)).toBe(20)
    expect(scrollPercent(1200, 800, 4000)).toBe(50)
    expect(scrollPercent(3200, 800, 4000)).toBe(100)
  })

  it('answers 100 for a page that fits the viewport, and never more', () => {
    expect(scrollPercent(0, 800, 600)).toBe(100)
    expect(scrollPercent(5000, 800, 4000)).toBe(100)
  })
})
