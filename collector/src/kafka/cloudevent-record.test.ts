import { Kafka } from 'cloudevents'
import { describe, expect, it } from 'vitest'
import { enrichEvent } from '../pipeline/enrich.js'
import { pageView } from '../testing/events.js'
import { toKafkaRecord, type RecordMode } from './cloudevent-record.js'

const receivedAt = Date.parse('2026-11-27T10:00:02.000Z')
const facts = { receivedAt, clientIp: undefined, userAgent: undefined }
const options = { clockSkewThresholdMs: 5_000, internalHosts: [] }

function recordOf(event: ReturnType<typeof pageView>, mode?: RecordMode) {
  const enriched = enrichEvent(event, facts, options)
  return toKafkaRecord({ topic: 'test.events', event: enriched, delivery: 'at-least-once' }, mode)
}

describe('toKafkaRecord', () => {
  it('keys the record by partitionkey, the session id', () => {
    const record = recordOf(pageView({ sessionid: 'session-9' }))
    expect(record.topic).toBe('test.events')
    expect(record.key).toBe('session-9')
  })

  it('puts the data, as JSON, in the value', () => {
    const event = pageView()
    expect(JSON.parse(recordOf(event).value!)).toEqual(event.data)
  })

  it('maps every other attribute to a ce_ header and datacontenttype to content-type', () => {
    const event = pageView({ seq: 7 })
    expect(recordOf(event).headers).toEqual({
      'content-type': 'application/json',
      ce_specversion: '1.0',
      ce_id: event.id,
      ce_source: 'https://shop.example',
      ce_type: 'clickstream.page_view',
      ce_time: '2026-11-27T10:00:00.123Z',
      ce_subject: '/products/42',
      ce_anonymousid: 'anon-1',
      ce_sessionid: 'session-1',
      ce_seq: '7',
      ce_sentat: '2026-11-27T10:00:01.000Z',
      ce_receivedat: '2026-11-27T10:00:02.000Z',
      ce_correctedtime: '2026-11-27T10:00:00.123Z',
      ce_partitionkey: 'session-1',
      ce_referrerclass: 'direct',
    })
  })

  it('carries the delivery its route asks for', () => {
    expect(recordOf(pageView()).delivery).toBe('at-least-once')
  })

  it('writes application/json as content-type when the event has no datacontenttype', () => {
    const { datacontenttype: _d, ...event } = pageView()
    expect(recordOf(event).headers['content-type']).toBe('application/json')
  })

  it('writes numbers and booleans of extensions as strings', () => {
    const record = recordOf(pageView({ retry: 2, beacon: true }))
    expect(record.headers).toMatchObject({ ce_retry: '2', ce_beacon: 'true' })
  })

  it('sends string data of a non-JSON content type as-is', () => {
    const record = recordOf(pageView({ datacontenttype: 'text/plain', data: 'hello' }))
    expect(record).toMatchObject({ value: 'hello', headers: { 'content-type': 'text/plain' } })
  })

  it('writes an event without data as a record without value', () => {
    const { data: _d, ...event } = pageView({ type: 'shop.ping' })
    expect(recordOf(event).value).toBeNull()
  })

  it('is decoded by the official cloudevents SDK into the same event', () => {
    const event = pageView()
    const record = recordOf(event)
    // What a Kafka consumer hands over: key, value, headers (kafkajs gives Buffers; the SDK
    // expects strings, as its own tests use).
    const message = { key: record.key!, value: record.value, headers: record.headers, body: null }
    const decoded = Kafka.toEvent(message)
    expect(Array.isArray(decoded)).toBe(false)
    expect(decoded).toMatchObject({
      specversion: '1.0',
      id: event.id,
      source: event.source,
      type: event.type,
      time: event.time,
      subject: event.subject,
      datacontenttype: 'application/json',
      data: event.data,
      anonymousid: 'anon-1',
      sessionid: 'session-1',
      seq: String(event.seq),
      sentat: event.sentat,
      receivedat: '2026-11-27T10:00:02.000Z',
      partitionkey: 'session-1',
    })
  })

  it('puts the whole event in the value in structured mode, still keyed by session', () => {
    const event = pageView({ seq: 3 })
    const record = recordOf(event, 'structured')
    expect(record.key).toBe('session-1')
    expect(record.headers).toEqual({
      'content-type': 'application/cloudevents+json; charset=UTF-8',
    })
    expect(JSON.parse(record.value!)).toMatchObject({
      ...event,
      receivedat: '2026-11-27T10:00:02.000Z',
    })
  })

  it('is decoded by the official cloudevents SDK in structured mode too', () => {
    const event = pageView()
    const record = recordOf(event, 'structured')
    const message = { key: record.key!, value: record.value, headers: record.headers, body: null }
    const decoded = Kafka.toEvent(message)
    expect(decoded).toMatchObject({
      id: event.id,
      type: event.type,
      source: event.source,
      data: event.data,
      seq: event.seq,
      partitionkey: 'session-1',
    })
  })
})
