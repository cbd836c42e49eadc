import { describe, expect, it } from 'vitest'
// eslint-disable-next-line no-restricted-imports -- tests check events against the schema; the bundle never does
import { validateEvent } from '@clickstream/schema'
import { EVENT_TYPES } from '@clickstream/schema/constants'
import { createEventFactory } from './event.js'

describe('createEventFactory', () => {
  it('makes CloudEvents that pass the schema', () => {
    let n = 0
    const createEvent = createEventFactory({
      source: 'https://shop.example',
      anonymousId: 'a1',
      now: () => Date.UTC(2026, 10, 27, 10, 0, 0, 5),
      newId: () => `e${++n}`,
      session: () => ({ id: 's1', seq: n + 1 }),
      subject: () => '/products/mug',
    })
    const event = createEvent(EVENT_TYPES.action, { name: 'add_to_cart' })
    expect(event).toEqual({
      specversion: '1.0',
      id: 'e1',
      source: 'https://shop.example',
      type: 'clickstream.action',
      time: '2026-11-27T10:00:00.005Z',
      subject: '/products/mug',
      datacontenttype: 'application/json',
      anonymousid: 'a1',
      sessionid: 's1',
      seq: 1,
      data: { name: 'add_to_cart' },
    })
    expect(validateEvent(event)).toMatchObject({ ok: true, known: true })
  })
})
