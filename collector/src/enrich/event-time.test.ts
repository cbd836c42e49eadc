import { describe, expect, it } from 'vitest'
import { correctedEventTime } from './event-time.js'

const receivedAt = Date.parse('2026-11-27T10:00:10.000Z')
const threshold = 5_000
const iso = (ms: number) => new Date(ms).toISOString()

describe('correctedEventTime', () => {
  it('keeps the capture time when the skew is within the threshold (transit time)', () => {
    const time = '2026-11-27T10:00:05.000Z'
    expect(iso(correctedEventTime(time, '2026-11-27T10:00:08.000Z', receivedAt, threshold))).toBe(
      time
    )
  })

  it('shifts by receivedAt − sentAt when the device clock is behind', () => {
    // The device clock is one hour late: it captured at 09:00:05 and sent at 09:00:09.
    const corrected = correctedEventTime(
      '2026-11-27T09:00:05.000Z',
      '2026-11-27T09:00:09.000Z',
      receivedAt,
      threshold
    )
    expect(iso(corrected)).toBe('2026-11-27T10:00:06.000Z')
  })

  it('shifts back when the device clock is ahead', () => {
    const corrected = correctedEventTime(
      '2026-11-27T10:10:05.000Z',
      '2026-11-27T10:10:09.000Z',
      receivedAt,
      threshold
    )
    expect(iso(corrected)).toBe('2026-11-27T10:00:06.000Z')
  })

  it('never puts an event after its arrival', () => {
    expect(correctedEventTime('2026-11-27T10:00:12.000Z', undefined, receivedAt, threshold)).toBe(
      receivedAt
    )
  })

  it('uses the receive time without a valid capture time', () => {
    expect(correctedEventTime(undefined, undefined, receivedAt, threshold)).toBe(receivedAt)
    expect(correctedEventTime('garbage', undefined, receivedAt, threshold)).toBe(receivedAt)
  })

  it('reads each request’s send time, also when requests alternate', () => {
    const late = '2026-11-27T09:00:09.000Z'
    const onTime = '2026-11-27T10:00:09.000Z'
    const time = '2026-11-27T09:00:05.000Z'
    for (let i = 0; i < 2; i++) {
      expect(iso(correctedEventTime(time, late, receivedAt, threshold))).toBe(
        '2026-11-27T10:00:06.000Z'
      )
      expect(iso(correctedEventTime(time, onTime, receivedAt, threshold))).toBe(time)
      expect(correctedEventTime(time, 'not a time', receivedAt, threshold)).toBe(Date.parse(time))
    }
  })

  it('reads time zone offsets', () => {
    const time = '2026-11-27T11:00:05.000+01:00'
    expect(iso(correctedEventTime(time, undefined, receivedAt, threshold))).toBe(
      '2026-11-27T10:00:05.000Z'
    )
  })
})
