import { REASONS, validateEvent } from '@clickstream/schema'
import { HTTP, CloudEvent } from 'cloudevents'
import { describe, expect, it } from 'vitest'
import { decodeBinary, isBinaryMode } from './decode-binary.js'

const lower = (headers: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), String(v)]))

describe('isBinaryMode', () => {
  it('recognises ce- headers, but not on a structured or batched body', () => {
    expect(isBinaryMode({ 'ce-specversion': '1.0', 'content-type': 'application/json' })).toBe(true)
    expect(
      isBinaryMode({ 'ce-specversion': '1.0', 'content-type': 'application/cloudevents+json' })
    ).toBe(false)
    expect(isBinaryMode({ 'content-type': 'application/json' })).toBe(false)
  })
})

describe('decodeBinary', () => {
  it('decodes what the official SDK’s HTTP.binary produces into a valid event', () => {
    const sent = new CloudEvent({
      source: 'https://shop.example',
      type: 'clickstream.action',
      data: { name: 'add_to_cart' },
      anonymousid: 'a1',
      seq: 3,
    })
    const message = HTTP.binary(sent)
    const decoded = decodeBinary(lower(message.headers), message.body as string)
    expect(decoded).toEqual({
      ok: true,
      events: [
        {
          specversion: '1.0',
          id: sent.id,
          source: 'https://shop.example',
          type: 'clickstream.action',
          time: sent.time,
          datacontenttype: 'application/json; charset=utf-8',
          anonymousid: 'a1',
          seq: 3,
          data: { name: 'add_to_cart' },
        },
      ],
    })
    expect(validateEvent((decoded as { events: unknown[] }).events[0])).toMatchObject({ ok: true })
  })

  it('percent-decodes header values (HTTP binding §3.1.3.2)', () => {
    const decoded = decodeBinary({ 'ce-specversion': '1.0', 'ce-subject': '/caf%C3%A9' }, '')
    expect(decoded).toMatchObject({ ok: true, events: [{ subject: '/café' }] })
  })

  it('keeps non-JSON data as text and leaves out absent data', () => {
    expect(decodeBinary({ 'ce-id': '1', 'content-type': 'text/plain' }, 'hello')).toMatchObject({
      events: [{ id: '1', datacontenttype: 'text/plain', data: 'hello' }],
    })
    expect(decodeBinary({ 'ce-id': '1' }, '')).toEqual({ ok: true, events: [{ id: '1' }] })
  })

  it('refuses JSON data that does not parse as invalid_json', () => {
    expect(decodeBinary({ 'ce-id': '1', 'content-type': 'application/json' }, '{')).toMatchObject({
      ok: false,
      reason: REASONS.invalidJson,
    })
  })
})
