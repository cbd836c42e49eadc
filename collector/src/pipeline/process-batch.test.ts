import { CONTENT_TYPES, REASONS } from '@clickstream/schema'
import { describe, expect, it } from 'vitest'
import { pageView } from '../testing/events.js'
import { processBatch } from './process-batch.js'

const context = {
  receivedAt: Date.parse('2026-11-27T10:00:02.000Z'),
  topic: 'test.events',
  maxBatchEvents: 10,
  maxEventBytes: 32 * 1024,
  acceptUnknownTypes: true,
}

describe('processBatch', () => {
  it('routes the valid events, enriched, to the configured topic and lists the rejected', () => {
    const good = pageView()
    const body = JSON.stringify([good, { id: 'broken' }])
    expect(processBatch(body, CONTENT_TYPES.text, context)).toEqual({
      ok: true,
      routed: [
        {
          topic: 'test.events',
          event: { ...good, receivedat: '2026-11-27T10:00:02.000Z', partitionkey: good.sessionid },
        },
      ],
      rejected: [
        { index: 1, id: 'broken', reason: REASONS.invalidEnvelope, detail: expect.any(String) },
      ],
    })
  })

  it('stops at decode when the body as a whole is unusable', () => {
    expect(processBatch('nope', CONTENT_TYPES.text, context)).toMatchObject({
      ok: false,
      reason: REASONS.invalidJson,
    })
  })
})
