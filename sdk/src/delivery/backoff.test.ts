import { describe, expect, it } from 'vitest'
import { BASE_BACKOFF_MS, MAX_BACKOFF_MS, MAX_RETRY_AFTER_MS, retryDelay } from './backoff.js'

describe('retryDelay', () => {
  it('doubles with each failure, half fixed and half random, up to the maximum', () => {
    for (const random of [0, 0.5, 0.999]) {
      expect(retryDelay(1, null, () => random)).toBe((BASE_BACKOFF_MS / 2) * (1 + random))
      expect(retryDelay(3, null, () => random)).toBe(2 * BASE_BACKOFF_MS * (1 + random))
      expect(retryDelay(30, null, () => random)).toBe((MAX_BACKOFF_MS / 2) * (1 + random))
    }
  })

  it('honours Retry-After in seconds, plus up to 10 %', () => {
    expect(retryDelay(1, '3', () => 0)).toBe(3000)
    expect(retryDelay(1, '3', () => 1)).toBeCloseTo(3300)
    expect(retryDelay(1, '0', () => 0)).toBe(0)
  })

  it('caps a Retry-After at an hour and ignores one it cannot read', () => {
    expect(retryDelay(1, '86400', () => 0)).toBe(MAX_RETRY_AFTER_MS)
    for (const unread of ['soon', '', '-5', 'Wed, 21 Oct 2026 07:28:00 GMT'])
      expect(retryDelay(1, unread, () => 0)).toBe(BASE_BACKOFF_MS / 2)
  })
})
