import { EVENT_TYPES } from '@clickstream/schema'
import { describe, expect, it } from 'vitest'
import type { SessionState } from '../session/session-store.js'
import { pageView } from '../testing/events.js'
import type { EnrichedEvent } from './enrich.js'
import { sessionizeVisitor } from './sessionize.js'

const rules = {
  inactivityMs: 30 * 60_000,
  maxDurationMs: 24 * 3_600_000,
  newSessionOnCampaign: true,
}
const t0 = Date.parse('2026-11-27T10:00:00.000Z')
const minutes = (n: number) => n * 60_000

/** A page view as the enrich stage leaves it, captured `at` ms after t0. */
function event(at: number, overrides: Record<string, unknown> = {}): EnrichedEvent {
  const time = new Date(t0 + at).toISOString()
  return {
    ...pageView({ time, sessionid: 'sdk-1', ...overrides }),
    receivedat: time,
    correctedtime: time,
    partitionkey: 'sdk-1',
  } as EnrichedEvent
}

describe('sessionizeVisitor', () => {
  it('starts a session for a new visitor with the SDK session id, and emits its start', () => {
    const first = event(0)
    const { state, events, starts } = sessionizeVisitor(
      undefined,
      [first, event(1000)],
      'v1',
      rules
    )
    expect(
      events.map((e) => [e.collectorsessionid, e.collectorseq, e.partitionkey, e.visitorid])
    ).toEqual([
      ['sdk-1', 1, 'sdk-1', 'v1'],
      ['sdk-1', 2, 'sdk-1', 'v1'],
    ])
    expect(starts).toHaveLength(1)
    expect(starts[0]).toMatchObject({
      specversion: '1.0',
      type: EVENT_TYPES.sessionStart,
      source: first.source,
      time: first.correctedtime,
      data: { reason: 'new_visitor' },
      collectorsessionid: 'sdk-1',
      collectorseq: 0,
      partitionkey: 'sdk-1',
      visitorid: 'v1',
      anonymousid: first.anonymousid,
      receivedat: first.receivedat,
    })
    expect(state).toMatchObject({ sessionId: 'sdk-1', seq: 2, startEventId: first.id })
  })

  it('starts a new session after 30 minutes of inactivity, linked to the previous one', () => {
    const { state } = sessionizeVisitor(undefined, [event(0)], 'v1', rules)
    const late = event(minutes(31))
    const { events, starts } = sessionizeVisitor(state, [late], 'v1', rules)
    // The SDK kept its session id: the collector decides, and derives an id of its own.
    expect(events[0]!.collectorsessionid).not.toBe('sdk-1')
    expect(events[0]!.collectorseq).toBe(1)
    expect(starts[0]!.data).toEqual({ reason: 'inactivity', previousSessionId: 'sdk-1' })
  })

  it('continues the session within 30 minutes', () => {
    const { state } = sessionizeVisitor(undefined, [event(0)], 'v1', rules)
    const { events, starts } = sessionizeVisitor(state, [event(minutes(29))], 'v1', rules)
    expect(starts).toEqual([])
    expect(events[0]).toMatchObject({ collectorsessionid: 'sdk-1', collectorseq: 2 })
  })

  it('adopts the SDK’s fresh session id when the SDK also rolled over', () => {
    const { state } = sessionizeVisitor(undefined, [event(0)], 'v1', rules)
    const { events, starts } = sessionizeVisitor(
      state,
      [event(minutes(45), { sessionid: 'sdk-2' })],
      'v1',
      rules
    )
    expect(events[0]!.collectorsessionid).toBe('sdk-2')
    expect(starts[0]!.data).toEqual({ reason: 'inactivity', previousSessionId: 'sdk-1' })
  })

  it('ends a session after 24 hours even when the visitor never paused', () => {
    let state: SessionState | undefined
    let sessions = new Set<string>()
    for (let at = 0; at <= minutes(24 * 60 + 20); at += minutes(20)) {
      const outcome = sessionizeVisitor(state, [event(at)], 'v1', rules)
      state = outcome.state
      sessions = new Set([...sessions, outcome.events[0]!.collectorsessionid])
      if (outcome.starts.length > 0 && at > 0) {
        expect(outcome.starts[0]!.data).toMatchObject({ reason: 'max_duration' })
      }
    }
    expect(sessions.size).toBe(2)
  })

  it('starts a new session when the SDK switches session ids', () => {
    const { state } = sessionizeVisitor(undefined, [event(0)], 'v1', rules)
    const { events, starts } = sessionizeVisitor(
      state,
      [event(1000, { sessionid: 'sdk-2' })],
      'v1',
      rules
    )
    expect(events[0]!.collectorsessionid).toBe('sdk-2')
    expect(starts[0]!.data).toEqual({ reason: 'client', previousSessionId: 'sdk-1' })
  })

  it('starts a new session when a page view brings another campaign', () => {
    const { state } = sessionizeVisitor(undefined, [event(0)], 'v1', rules)
    const campaign = event(1000, { utmsource: 'newsletter', utmcampaign: 'bf' })
    const { starts } = sessionizeVisitor(state, [campaign], 'v1', rules)
    expect(starts[0]!.data).toMatchObject({ reason: 'campaign' })
    const { starts: none } = sessionizeVisitor(state, [campaign], 'v1', {
      ...rules,
      newSessionOnCampaign: false,
    })
    expect(none).toEqual([])
  })

  it('splits one batch that spans a pause into two sessions', () => {
    const { events, starts } = sessionizeVisitor(
      undefined,
      [event(0, { sessionid: undefined }), event(minutes(40), { sessionid: undefined })],
      'v1',
      rules
    )
    expect(new Set(events.map((e) => e.collectorsessionid)).size).toBe(2)
    expect(starts.map((s) => (s.data as { reason: string }).reason)).toEqual([
      'new_visitor',
      'inactivity',
    ])
  })

  it('emits the same session start again when the request that started the session is retried', () => {
    const batch = [event(0, { sessionid: undefined }), event(1000, { sessionid: undefined })]
    const first = sessionizeVisitor(undefined, batch, 'v1', rules)
    const retry = sessionizeVisitor(first.state, batch, 'v1', rules)
    expect(retry.starts.map((s) => s.id)).toEqual(first.starts.map((s) => s.id))
    expect(retry.events[0]!.collectorsessionid).toBe(first.events[0]!.collectorsessionid)
  })

  it('derives the same session id for the same visitor and first event', () => {
    const batch = [event(0, { sessionid: undefined })]
    const a = sessionizeVisitor(undefined, batch, 'v1', rules)
    const b = sessionizeVisitor(undefined, batch, 'v1', rules)
    expect(a.events[0]!.collectorsessionid).toBe(b.events[0]!.collectorsessionid)
    expect(sessionizeVisitor(undefined, batch, 'v2', rules).events[0]!.collectorsessionid).not.toBe(
      a.events[0]!.collectorsessionid
    )
  })

  it('does not change the state it was given', () => {
    const { state } = sessionizeVisitor(undefined, [event(0)], 'v1', rules)
    const copy = structuredClone(state)
    sessionizeVisitor(state, [event(minutes(5))], 'v1', rules)
    expect(state).toEqual(copy)
  })

  it('gives the same outcome each time it runs on the same state and events', () => {
    const { state } = sessionizeVisitor(undefined, [event(0)], 'v1', rules)
    const events = [1, 2, 3].map((n) => event(minutes(n), n > 1 ? { sessionid: 'sdk-2' } : {}))
    const first = sessionizeVisitor(state, events, 'v1', rules)
    expect(sessionizeVisitor(state, events, 'v1', rules)).toEqual(first)
    expect(first.state).toMatchObject({ seq: 2, clientSessionId: 'sdk-2' })
  })

  it('puts the collector attributes last and the session in the partition key’s place', () => {
    const [labeled] = sessionizeVisitor(undefined, [event(0)], 'v1', rules).events
    const names = Object.keys(labeled!)
    expect(names.slice(-3)).toEqual(['visitorid', 'collectorsessionid', 'collectorseq'])
    expect(names.indexOf('partitionkey')).toBe(names.indexOf('correctedtime') + 1)
    expect(labeled!.partitionkey).toBe(labeled!.collectorsessionid)
  })
})
