import { EVENT_TYPES, REASONS } from '@clickstream/schema'
import { describe, expect, it } from 'vitest'
import { pageView } from '../testing/events.js'
import { compileCustomSchemas } from '../validation/custom-schemas.js'
import { validateBatch, type ValidateOptions } from './validate.js'

const options: ValidateOptions = {
  maxEventBytes: 32 * 1024,
  maxStringLength: 4096,
  maxDepth: 10,
  maxProperties: 128,
  acceptUnknownTypes: true,
  acceptUnknownActions: true,
  customSchemas: compileCustomSchemas({ eventSchemas: {}, actionSchemas: {} }),
}

const action = (name: string, properties?: Record<string, unknown>) =>
  pageView({ type: EVENT_TYPES.action, data: { name, ...(properties && { properties }) } })

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

  it('rejects strings, nesting and property counts over the limits as limit_exceeded', () => {
    const custom = (data: unknown) => pageView({ type: 'shop.custom', data })
    const { rejected } = validateBatch(
      [
        custom({ s: 'x'.repeat(65) }),
        custom({ a: { b: { c: 1 } } }),
        custom(Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`p${i}`, i]))),
        custom({ a: { b: 'ok' }, list: [1, 2] }),
      ],
      { ...options, maxStringLength: 64, maxDepth: 3, maxProperties: 14 }
    )
    expect(rejected.map((r) => [r.index, r.reason])).toEqual([
      [0, REASONS.limitExceeded],
      [1, REASONS.limitExceeded],
      [2, REASONS.limitExceeded],
    ])
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

  it('validates a registered custom type against its schema, even when unknown types are refused', () => {
    const customSchemas = compileCustomSchemas({
      eventSchemas: {
        'shop.checkout_started': {
          type: 'object',
          properties: { step: { type: 'integer' } },
          required: ['step'],
        },
      },
      actionSchemas: {},
    })
    const strict = { ...options, acceptUnknownTypes: false, customSchemas }
    const good = pageView({ type: 'shop.checkout_started', data: { step: 2 } })
    const bad = pageView({ type: 'shop.checkout_started', data: { step: 'two' } })
    const { valid, rejected } = validateBatch([good, bad], strict)
    expect(valid).toEqual([good])
    expect(rejected).toEqual([
      { index: 1, id: bad.id, reason: REASONS.invalidData, detail: '/data/step must be integer' },
    ])
  })

  it('validates the properties of a registered action and refuses unregistered ones when told to', () => {
    const customSchemas = compileCustomSchemas({
      eventSchemas: {},
      actionSchemas: {
        add_to_cart: { type: 'object', required: ['sku'], properties: { sku: { type: 'string' } } },
      },
    })
    const strict = { ...options, acceptUnknownActions: false, customSchemas }
    const good = action('add_to_cart', { sku: 'A-1' })
    const bad = action('add_to_cart', { qty: 1 })
    const unregistered = action('wishlist')
    const { valid, rejected } = validateBatch([good, bad, unregistered], strict)
    expect(valid).toEqual([good])
    expect(rejected).toEqual([
      {
        index: 1,
        id: bad.id,
        reason: REASONS.invalidData,
        detail: "/data/properties/ must have required property 'sku'",
      },
      { index: 2, id: unregistered.id, reason: REASONS.unknownType, detail: expect.any(String) },
    ])
    expect(
      validateBatch([unregistered], { ...strict, acceptUnknownActions: true }).valid
    ).toHaveLength(1)
  })

  it('refuses session starts and dead letters from clients: only the collector emits them', () => {
    const spoofed = pageView({ type: EVENT_TYPES.sessionStart, data: { reason: 'new_visitor' } })
    const { rejected } = validateBatch([spoofed], options)
    expect(rejected).toMatchObject([{ reason: REASONS.unknownType }])
  })
})
