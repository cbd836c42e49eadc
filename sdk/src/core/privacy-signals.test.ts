import { describe, expect, it } from 'vitest'
import { asksNotToTrack } from './privacy-signals.js'

describe('asksNotToTrack', () => {
  it.each([
    [{ doNotTrack: '1' }, true],
    [{ globalPrivacyControl: true }, true],
    [{ doNotTrack: '0', globalPrivacyControl: false }, false],
    [{ doNotTrack: null }, false],
    [{}, false],
  ])('answers for %o: %s', (navigator, answer) => {
    expect(asksNotToTrack(navigator)).toBe(answer)
  })
})
