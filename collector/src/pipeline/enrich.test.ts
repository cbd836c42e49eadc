import { describe, expect, it } from 'vitest'
import { pageView } from '../testing/events.js'
import { enrichEvent } from './enrich.js'

const receivedAt = Date.parse('2026-11-27T10:00:02.345Z')

describe('enrichEvent', () => {
  it('adds the receive time in RFC 3339 with milliseconds', () => {
    expect(enrichEvent(pageView(), { receivedAt }).receivedat).toBe('2026-11-27T10:00:02.345Z')
  })

  it('keys by session id, else anonymous id, else event id', () => {
    const event = pageView({ sessionid: 's', anonymousid: 'a' })
    expect(enrichEvent(event, { receivedAt }).partitionkey).toBe('s')
    const { sessionid: _s, ...anonymous } = event
    expect(enrichEvent(anonymous, { receivedAt }).partitionkey).toBe('a')
    const { anonymousid: _a, ...bare } = anonymous
    expect(enrichEvent(bare, { receivedAt }).partitionkey).toBe(event.id)
  })

  it('never overwrites attributes the client set', () => {
    const event = pageView({ receivedat: '2000-01-01T00:00:00Z', partitionkey: 'mine' })
    expect(enrichEvent(event, { receivedAt })).toMatchObject({
      receivedat: '2000-01-01T00:00:00Z',
      partitionkey: 'mine',
    })
  })

  it('leaves the input event untouched', () => {
    const event = pageView()
    const copy = structuredClone(event)
    enrichEvent(event, { receivedAt })
    expect(event).toEqual(copy)
  })
})
