import { REASONS } from '@clickstream/schema'
import { describe, expect, it } from 'vitest'
import { pageView } from '../testing/events.js'
import { validateBatch } from './validate.js'

const options = { maxEventBytes: 32 * 1024, acceptUnknownTypes: true }

describe('validateBatch', () => {
  it('keeps valid events in batch order', () => {
    const events = [pageView(), pageView()]
    expect(validateBatch(events, options)).toEqual({ valid: events, rejected: [] })
  })

  it('lists each invalid event with its index, id, reason and detail', () => {
    const good = pageView()
    const noSource = { ...pageView(), source: undefined }
    const badData = pageView({ data: { path: '/no-url' } })
    const { valid, rejected } = validateBatch([noSource, good, badData, 'junk'], options)
    expect(valid).toEqual([good])
    expect(rejected).toEqual([
      { index: 0, id: noSource.id, reason: REASONS.invalidEnvelope, detail: expect.any(String) },
      { index: 2, id: badData.id, reason: REASONS.invalidData, detail: expect.any(String) },
      { index: 3, id: null, reason: REASONS.invalidEnvelope, detail: expect.any(String) },
    ])
  })

  it('rejects an event whose JSON exceeds maxEventBytes as event_too_large', () => {
    const big = pageView({ subject: 'x'.repeat(2000) })
    const { rejected } = validateBatch([big], { ...options, maxEventBytes: 1024 })
    expect(rejected).toEqual([
      {
        index: 0,
        id: big.id,
        reason: REASONS.eventTooLarge,
        detail: expect.stringMatching(/bytes/),
      },
    ])
  })

  it('measures the size in UTF-8 bytes, not characters', () => {
    const event = pageView({ subject: 'é'.repeat(400) })
    const chars = JSON.stringify(event).length
    const { rejected } = validateBatch([event], { ...options, maxEventBytes: chars + 10 })
    expect(rejected).toMatchObject([{ reason: REASONS.eventTooLarge }])
  })

  it('accepts a type that is not built in by default, checking only its envelope', () => {
    const custom = pageView({ type: 'shop.checkout_started', data: { anything: [1, 2] } })
    expect(validateBatch([custom], options).valid).toEqual([custom])
  })

  it('rejects a type that is not built in as unknown_type when told to', () => {
    const custom = pageView({ type: 'shop.checkout_started' })
    const { rejected } = validateBatch([custom], { ...options, acceptUnknownTypes: false })
    expect(rejected).toMatchObject([{ index: 0, id: custom.id, reason: REASONS.unknownType }])
  })
})
