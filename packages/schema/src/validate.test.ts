import { describe, expect, it } from 'vitest'
import { catalogue } from './catalogue.js'
import { EVENT_TYPES, REASONS } from './constants.js'
import { validateEvent, validatedTypes } from './validate.js'

const base = {
  specversion: '1.0',
  id: '01890a5d-ac96-774b-bcce-b302099a8057',
  source: 'https://shop.example',
  time: '2026-11-27T10:00:00.123Z',
  anonymousid: 'a1',
  sessionid: 's1',
  seq: 1,
}

describe('validateEvent', () => {
  it.each(catalogue.map((entry) => [entry.type, entry]))(
    'accepts the catalogue example of %s',
    (_type, entry) => {
      const result = validateEvent({ ...base, type: entry.type, data: entry.example })
      expect(result).toMatchObject({ ok: true, known: true })
    }
  )

  it('compiles a validator for every catalogue type', () => {
    expect(validatedTypes().sort()).toEqual(catalogue.map((entry) => entry.type).sort())
  })

  it('rejects a missing required attribute as invalid_envelope and names it', () => {
    const { id: _id, ...noId } = base
    const result = validateEvent({ ...noId, type: EVENT_TYPES.action, data: { name: 'x' } })
    expect(result).toEqual({
      ok: false,
      reason: REASONS.invalidEnvelope,
      detail: expect.stringContaining("'id'"),
    })
  })

  it('rejects a wrong specversion', () => {
    const result = validateEvent({ ...base, specversion: '0.3', type: 'x.y' })
    expect(result).toMatchObject({ ok: false, reason: REASONS.invalidEnvelope })
  })

  it('rejects extension names that CloudEvents forbids', () => {
    const result = validateEvent({ ...base, type: 'x.y', Session_Id: 'a' })
    expect(result).toMatchObject({ ok: false, reason: REASONS.invalidEnvelope })
  })

  it('rejects object-valued extensions', () => {
    const result = validateEvent({ ...base, type: 'x.y', ctx: { a: 1 } })
    expect(result).toMatchObject({ ok: false, reason: REASONS.invalidEnvelope })
  })

  it('rejects a non-RFC 3339 time', () => {
    const result = validateEvent({ ...base, type: 'x.y', time: 'yesterday' })
    expect(result).toMatchObject({ ok: false, reason: REASONS.invalidEnvelope })
  })

  it('rejects data that breaks the type schema as invalid_data with the path', () => {
    const result = validateEvent({ ...base, type: EVENT_TYPES.click, data: { x: 1, y: 2 } })
    expect(result).toEqual({
      ok: false,
      reason: REASONS.invalidData,
      detail: expect.stringContaining('element'),
    })
  })

  it('reports an envelope error of a built-in type as invalid_envelope, not invalid_data', () => {
    const event = { ...base, type: EVENT_TYPES.click, time: 'yesterday', data: { x: 1 } }
    expect(validateEvent(event)).toMatchObject({ ok: false, reason: REASONS.invalidEnvelope })
  })

  it('rejects a built-in type without data as invalid_data', () => {
    const result = validateEvent({ ...base, type: EVENT_TYPES.scrollDepth })
    expect(result).toEqual({
      ok: false,
      reason: REASONS.invalidData,
      detail: expect.stringContaining("'data'"),
    })
  })

  it('checks extension values of built-in types too, and only the extensions', () => {
    const event = { ...base, type: EVENT_TYPES.scrollDepth, data: { depth: 50 } }
    expect(validateEvent({ ...event, campaign: 'x', retry: 2, beacon: true })).toMatchObject({
      ok: true,
    })
    expect(validateEvent({ ...event, ctx: { a: 1 } })).toMatchObject({
      ok: false,
      reason: REASONS.invalidEnvelope,
    })
    expect(validateEvent({ ...event, Bad_Name: 1 })).toMatchObject({
      reason: REASONS.invalidEnvelope,
    })
  })

  it('rejects unknown properties in built-in data', () => {
    const data = { name: 'buy', value: 'secret' }
    const result = validateEvent({ ...base, type: EVENT_TYPES.action, data })
    expect(result).toMatchObject({ ok: false, reason: REASONS.invalidData })
  })

  it('passes an unregistered type on the envelope alone, marked unknown', () => {
    const result = validateEvent({ ...base, type: 'com.example.custom', data: { any: [1] } })
    expect(result).toMatchObject({ ok: true, known: false })
  })

  it('rejects non-objects', () => {
    for (const value of [null, 1, 'x', [base]]) {
      expect(validateEvent(value)).toMatchObject({ ok: false, reason: REASONS.invalidEnvelope })
    }
  })
})
