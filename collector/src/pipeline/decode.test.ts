import { CONTENT_TYPES, REASONS } from '@clickstream/schema'
import { describe, expect, it } from 'vitest'
import { decodeBatch, mediaTypeOf } from './decode.js'

const limits = { maxBatchEvents: 3 }

describe('mediaTypeOf', () => {
  it.each([
    ['text/plain;charset=UTF-8', CONTENT_TYPES.text],
    ['application/cloudevents-batch+json', CONTENT_TYPES.batch],
    ['Application/CloudEvents+JSON; charset=utf-8', CONTENT_TYPES.structured],
    [' application/json ', CONTENT_TYPES.json],
  ])('reads %j as %s, ignoring parameters and case', (header, expected) => {
    expect(mediaTypeOf(header)).toBe(expected)
  })

  it.each([undefined, '', 'text/html', 'application/x-www-form-urlencoded', 'multipart/form-data'])(
    'refuses %j',
    (header) => {
      expect(mediaTypeOf(header)).toBeUndefined()
    }
  )
})

describe('decodeBatch', () => {
  it('returns the events of a JSON array', () => {
    expect(decodeBatch('[{"a":1},{"b":2}]', CONTENT_TYPES.text, limits)).toEqual({
      ok: true,
      events: [{ a: 1 }, { b: 2 }],
    })
  })

  it('wraps one structured event in a batch of one', () => {
    expect(decodeBatch('{"a":1}', CONTENT_TYPES.structured, limits)).toEqual({
      ok: true,
      events: [{ a: 1 }],
    })
  })

  it('accepts an array or one event as application/json', () => {
    expect(decodeBatch('{"a":1}', CONTENT_TYPES.json, limits)).toMatchObject({ ok: true })
    expect(decodeBatch('[{"a":1}]', CONTENT_TYPES.json, limits)).toMatchObject({ ok: true })
  })

  it('refuses a body that is not JSON as invalid_json', () => {
    expect(decodeBatch('[{"a":', CONTENT_TYPES.text, limits)).toMatchObject({
      ok: false,
      reason: REASONS.invalidJson,
    })
  })

  it.each([
    ['a number', '42', CONTENT_TYPES.json],
    ['null', 'null', CONTENT_TYPES.json],
    ['a string', '"x"', CONTENT_TYPES.text],
    ['one event where a batch is expected', '{"a":1}', CONTENT_TYPES.batch],
    ['a batch where one event is expected', '[{"a":1}]', CONTENT_TYPES.structured],
  ])('refuses %s as invalid_batch', (_what, body, mediaType) => {
    expect(decodeBatch(body, mediaType, limits)).toMatchObject({
      ok: false,
      reason: REASONS.invalidBatch,
    })
  })

  it('refuses an empty array as empty_batch', () => {
    expect(decodeBatch('[]', CONTENT_TYPES.text, limits)).toMatchObject({
      ok: false,
      reason: REASONS.emptyBatch,
    })
  })

  it('refuses more than maxBatchEvents events as too_many_events', () => {
    expect(decodeBatch('[1,2,3]', CONTENT_TYPES.text, limits)).toMatchObject({ ok: true })
    expect(decodeBatch('[1,2,3,4]', CONTENT_TYPES.text, limits)).toMatchObject({
      ok: false,
      reason: REASONS.tooManyEvents,
      message: expect.stringContaining('4 events'),
    })
  })
})
