import { afterEach, describe, expect, it, vi } from 'vitest'
// eslint-disable-next-line no-restricted-imports -- tests check events against the schema; the bundle never does
import { validateEvent } from '@clickstream/schema'
import { EVENT_TYPES } from '@clickstream/schema/constants'
import { createEventFactory } from './event.js'

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('createEventFactory', () => {
  it('makes CloudEvents with id, capture time and the page path, which pass the schema', () => {
    vi.stubGlobal('location', { pathname: '/products/mug' })
    let n = 0
    const createEvent = createEventFactory('https://shop.example', () => `e${++n}`)
    const event = createEvent(
      EVENT_TYPES.action,
      { name: 'add_to_cart' },
      Date.UTC(2026, 10, 27, 10, 0, 0, 5)
    )
    expect(event).toEqual({
      specversion: '1.0',
      id: 'e1',
      source: 'https://shop.example',
      type: 'clickstream.action',
      time: '2026-11-27T10:00:00.005Z',
      subject: '/products/mug',
      data: { name: 'add_to_cart' },
    })
    expect(validateEvent(event)).toMatchObject({ ok: true, known: true })
  })
})
