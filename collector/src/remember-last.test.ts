import { describe, expect, it, vi } from 'vitest'
import { rememberLast } from './remember-last.js'

describe('rememberLast', () => {
  it('calls through only when the argument changes', () => {
    const fn = vi.fn((n: number) => n * 2)
    const double = rememberLast(fn)
    expect([1, 1, 2, 2, 1].map(double)).toEqual([2, 2, 4, 4, 2])
    expect(fn).toHaveBeenCalledTimes(3)
  })
})
