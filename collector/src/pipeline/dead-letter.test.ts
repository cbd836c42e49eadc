import { DEAD_LETTER_TYPE, DeadLetterData, REASONS } from '@clickstream/schema'
import { Kafka } from 'cloudevents'
import { describe, expect, it } from 'vitest'
import { pageView } from '../testing/events.js'
import { deadLetterRecord } from './dead-letter.js'

const receivedAt = Date.parse('2026-11-27T10:00:02.000Z')
const options = { topic: 'test.deadletter', maxPayloadBytes: 64 }

describe('deadLetterRecord', () => {
  it('describes the rejected event with reason, stage, time, its ids and its payload', () => {
    const event = pageView({ data: { path: '/' } })
    const payload = JSON.stringify(event)
    const record = deadLetterRecord(
      {
        reason: REASONS.invalidData,
        stage: 'validate',
        detail: 'no url',
        index: 2,
        payload,
        event,
      },
      receivedAt,
      { ...options, maxPayloadBytes: 10_000 }
    )
    expect(record).toMatchObject({
      topic: 'test.deadletter',
      key: event.id,
      headers: {
        'content-type': 'application/json',
        ce_specversion: '1.0',
        ce_type: DEAD_LETTER_TYPE,
        ce_time: '2026-11-27T10:00:02.000Z',
        ce_subject: event.id,
        ce_reason: 'invalid_data',
        ce_stage: 'validate',
      },
    })
    expect(JSON.parse(record.value!)).toEqual({
      reason: 'invalid_data',
      stage: 'validate',
      detail: 'no url',
      receivedAt: '2026-11-27T10:00:02.000Z',
      index: 2,
      eventId: event.id,
      source: event.source,
      eventType: event.type,
      payload,
      payloadBytes: Buffer.byteLength(payload),
      truncated: false,
    } satisfies DeadLetterData)
  })

  it('cuts the payload after maxPayloadBytes, never inside a character', () => {
    const payload = 'é'.repeat(100)
    const record = deadLetterRecord(
      { reason: REASONS.invalidJson, stage: 'decode', detail: 'x', payload },
      receivedAt,
      { ...options, maxPayloadBytes: 65 }
    )
    const data = JSON.parse(record.value!) as DeadLetterData
    expect(data).toMatchObject({ payloadBytes: 200, truncated: true, payload: 'é'.repeat(32) })
    expect(record.key).toBeNull()
    expect(data).not.toHaveProperty('index')
  })

  it('gives the same rejection the same record id, and others another', () => {
    const letter = {
      reason: REASONS.invalidJson,
      stage: 'decode' as const,
      detail: 'x',
      payload: '{',
    }
    const id = deadLetterRecord(letter, receivedAt, options).headers.ce_id
    expect(deadLetterRecord(letter, receivedAt, options).headers.ce_id).toBe(id)
    expect(
      deadLetterRecord({ ...letter, payload: '[' }, receivedAt, options).headers.ce_id
    ).not.toBe(id)
  })

  it('is decoded by the official cloudevents SDK', () => {
    const record = deadLetterRecord(
      {
        reason: REASONS.unknownType,
        stage: 'validate',
        detail: 'x',
        index: 0,
        payload: '{}',
        event: {},
      },
      receivedAt,
      options
    )
    const message = { key: '', value: record.value, headers: record.headers, body: null }
    const decoded = Kafka.toEvent(message)
    expect(decoded).toMatchObject({
      type: DEAD_LETTER_TYPE,
      reason: 'unknown_type',
      stage: 'validate',
    })
  })
})
