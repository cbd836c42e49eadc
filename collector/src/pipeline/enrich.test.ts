import { COLLECTOR_EXTENSIONS, EVENT_TYPES } from '@clickstream/schema'
import { describe, expect, it } from 'vitest'
import { pageView } from '../testing/events.js'
import { enrichEvent, type RequestFacts } from './enrich.js'

const receivedAt = Date.parse('2026-11-27T10:00:02.345Z')
const facts: RequestFacts = {
  receivedAt,
  clientIp: '203.0.113.0',
  userAgent: { browser: 'Chrome', browserVersion: '131.0.0.0', os: 'Windows', bot: false },
}
const options = { clockSkewThresholdMs: 5_000, internalHosts: [] }
const click = () =>
  pageView({ type: EVENT_TYPES.click, data: { element: { tag: 'a', selector: 'a' }, x: 1, y: 2 } })

describe('enrichEvent', () => {
  it('adds the receive time and the corrected event time in RFC 3339 with milliseconds', () => {
    const event = pageView({ time: '2026-11-27T10:00:00.123Z', sentat: '2026-11-27T10:00:01.000Z' })
    expect(enrichEvent(event, facts, options)).toMatchObject({
      receivedat: '2026-11-27T10:00:02.345Z',
      correctedtime: '2026-11-27T10:00:00.123Z',
    })
  })

  it('corrects the time of a device whose clock is an hour late', () => {
    const event = pageView({ time: '2026-11-27T09:00:00.000Z', sentat: '2026-11-27T09:00:01.000Z' })
    expect(enrichEvent(event, facts, options).correctedtime).toBe('2026-11-27T10:00:01.345Z')
  })

  it('keys by session id, else anonymous id, else event id', () => {
    const event = pageView({ sessionid: 's', anonymousid: 'a' })
    expect(enrichEvent(event, facts, options).partitionkey).toBe('s')
    const { sessionid: _s, ...anonymous } = event
    expect(enrichEvent(anonymous, facts, options).partitionkey).toBe('a')
    const { anonymousid: _a, ...bare } = anonymous
    expect(enrichEvent(bare, facts, options).partitionkey).toBe(event.id)
  })

  it('adds the truncated IP, the user agent fields and the bot flag', () => {
    expect(enrichEvent(click(), facts, options)).toMatchObject({
      clientip: '203.0.113.0',
      isbot: false,
      uabrowser: 'Chrome',
      uabrowserversion: '131.0.0.0',
      uaos: 'Windows',
    })
  })

  it('adds nothing it does not know', () => {
    const enriched = enrichEvent(
      click(),
      { receivedAt, clientIp: undefined, userAgent: undefined },
      options
    )
    for (const name of ['clientip', 'isbot', 'uabrowser', 'referrerclass', 'utmsource']) {
      expect(enriched).not.toHaveProperty(name)
    }
  })

  it('classifies the referrer and reads the campaign of page views only', () => {
    const view = pageView({
      data: {
        url: 'https://shop.example/?utm_source=newsletter&utm_medium=email&utm_campaign=bf',
        path: '/',
        referrer: 'https://www.google.com/',
      },
    })
    expect(enrichEvent(view, facts, options)).toMatchObject({
      referrerclass: 'search',
      referrerhost: 'www.google.com',
      utmsource: 'newsletter',
      utmmedium: 'email',
      utmcampaign: 'bf',
    })
    expect(enrichEvent(click(), facts, options)).not.toHaveProperty('referrerclass')
  })

  it('calls a page view without referrer direct', () => {
    expect(enrichEvent(pageView(), facts, options).referrerclass).toBe('direct')
  })

  it('replaces collector-owned attributes a client sent, and only those', () => {
    const spoofed = pageView({
      receivedat: '2000-01-01T00:00:00Z',
      partitionkey: 'mine',
      visitorid: 'v',
      clientip: '1.2.3.4',
      isbot: true,
      utmsource: 'fake',
      custom: 'kept',
    })
    const enriched = enrichEvent(spoofed, { ...facts, clientIp: undefined }, options)
    expect(enriched).toMatchObject({
      receivedat: '2026-11-27T10:00:02.345Z',
      partitionkey: 'session-1',
      isbot: false,
      custom: 'kept',
      anonymousid: spoofed.anonymousid,
      seq: spoofed.seq,
    })
    for (const name of ['visitorid', 'clientip', 'utmsource'])
      expect(enriched).not.toHaveProperty(name)
  })

  it('keeps the client’s attribute order and appends the collector’s in a fixed order', () => {
    const view = pageView({
      custom: 'kept',
      data: {
        url: 'https://shop.example/?utm_source=newsletter&utm_medium=email&utm_campaign=bf',
        path: '/',
        referrer: 'https://www.google.com/',
      },
    })
    const agent = { ...facts.userAgent!, osVersion: '10', deviceType: 'desktop' }
    const names = Object.keys(enrichEvent(view, { ...facts, userAgent: agent }, options))
    expect(names).toEqual([
      ...Object.keys(view),
      'receivedat',
      'correctedtime',
      'partitionkey',
      'clientip',
      'isbot',
      'uabrowser',
      'uabrowserversion',
      'uaos',
      'uaosversion',
      'uadevicetype',
      'referrerclass',
      'referrerhost',
      'utmsource',
      'utmmedium',
      'utmcampaign',
    ])
  })

  it('writes only lower-case extension names of at most 20 characters', () => {
    for (const name of Object.values(COLLECTOR_EXTENSIONS)) expect(name).toMatch(/^[a-z0-9]{1,20}$/)
  })

  it('leaves the input event untouched', () => {
    const event = pageView()
    const copy = structuredClone(event)
    enrichEvent(event, facts, options)
    expect(event).toEqual(copy)
  })
})
