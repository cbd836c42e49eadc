import { describe, expect, it } from 'vitest'
import { matchesType } from './match.js'

describe('matchesType', () => {
  it.each([
    ['clickstream.*', 'clickstream.click', true],
    ['clickstream.*', 'other.click', false],
    ['*click', 'clickstream.rage_click', true],
    ['clickstream.click', 'clickstream.click', true],
    ['clickstream.click', 'clickstream.clicks', false],
    ['a.b', 'aXb', false],
  ])('%s matches %s: %s', (pattern, type, expected) => {
    expect(matchesType(pattern, type)).toBe(expected)
  })
})
