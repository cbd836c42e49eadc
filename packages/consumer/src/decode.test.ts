import { describe, expect, it } from 'vitest'
import { decodeRecord } from './decode.js'

const attributes = {
  ce_specversion: '1.0',
  ce_id: '0193f1c2-7d4e-7a01-9c55-2f0e8b1d3a10',
  ce_source: 'https://shop.example',
  ce_type: 'clickstream.action',
  ce_time: '2026-11-27T10:00:00.000Z',
  ce_sessionid: 's-1',
  ce_seq: '7',
  ce_partitionkey: 's-1',
}

describe('decodeRecord', () => {
  it('decodes a binary-mode record: attributes from ce_ headers, data from the JSON value', () => {
    const { key, event } = decodeRecord({
      topic: 'clickstream.events',
      partition: 1,
      offset: '42',
      key: Buffer.from('s-1'),
      value: Buffer.from(JSON.stringify({ name: 'add_to_cart' })),
      headers: { 'content-type': Buffer.from('application/json'), ...bufferAll(attributes) },
    })
    expect(key).toBe('s-1')
    expect(event).toMatchObject({
      specversion: '1.0',
      id: attributes.ce_id,
      type: 'clickstream.action',
      sessionid: 's-1',
      seq: 7,
      partitionkey: 's-1',
      data: { name: 'add_to_cart' },
    })
  })

  it('decodes a structured-mode record', () => {
    const event = {
      specversion: '1.0',
      id: 'e-1',
      source: 'https://shop.example',
      type: 'clickstream.page_view',
      time: '2026-11-27T10:00:00.000Z',
      data: { url: 'https://shop.example/', path: '/' },
    }
    const record = decodeRecord({
      key: 'k',
      value: JSON.stringify(event),
      headers: { 'content-type': 'application/cloudevents+json; charset=UTF-8' },
    })
    expect(record.event).toMatchObject(event)
  })

  it('gives a structured-mode event without time the record timestamp, as binary mode does', () => {
    const event = {
      specversion: '1.0',
      id: 'e-2',
      source: 'https://shop.example',
      type: 'clickstream.action',
      seq: 3,
      data: { name: 'open' },
    }
    const record = decodeRecord({
      key: 'k',
      value: Buffer.from(JSON.stringify(event)),
      timestamp: String(Date.UTC(2026, 10, 27, 10)),
      headers: { 'content-type': Buffer.from('application/cloudevents+json; charset=UTF-8') },
    })
    expect(record.event).toMatchObject({ ...event, time: '2026-11-27T10:00:00.000Z' })
  })

  it('rejects a record that is not a CloudEvent', () => {
    expect(() => decodeRecord({ key: null, value: Buffer.from('{}'), headers: {} })).toThrow()
  })
})

function bufferAll(headers: Record<string, string>): Record<string, Buffer> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, Buffer.from(v)]))
}
