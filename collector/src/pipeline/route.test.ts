import { EVENT_TYPES } from '@clickstream/schema'
import { describe, expect, it } from 'vitest'
import { compileRoutes } from '../routing/route-rules.js'
import { pageView } from '../testing/events.js'
import type { EnrichedEvent } from './enrich.js'
import { routeEvents, sampleKeeps } from './route.js'

const defaults = { topic: 'clickstream.events', sessionsTopic: 'clickstream.sessions' }
const enriched = (overrides: Record<string, unknown> = {}) =>
  ({
    ...pageView(overrides),
    receivedat: 'r',
    correctedtime: 'c',
    partitionkey: 'k',
  }) as EnrichedEvent

describe('routeEvents', () => {
  it('sends everything to the events topic and session starts to the sessions topic by default', () => {
    const view = enriched()
    const start = enriched({ type: EVENT_TYPES.sessionStart })
    const { routed, dropped } = routeEvents([view, start], compileRoutes([], defaults))
    expect(routed).toEqual([
      { topic: 'clickstream.events', event: view, delivery: 'at-least-once' },
      { topic: 'clickstream.sessions', event: start, delivery: 'at-least-once' },
    ])
    expect(dropped).toEqual([])
  })

  it('writes one record per topic of the first matching rule, with its delivery', () => {
    const routes = compileRoutes(
      [
        { match: 'clickstream.page_*', topics: ['pages', 'audit'], delivery: 'exactly-once' },
        { match: 'clickstream.*', topics: ['never'] },
      ],
      defaults
    )
    const view = enriched()
    expect(routeEvents([view], routes).routed).toEqual([
      { topic: 'pages', event: view, delivery: 'exactly-once' },
      { topic: 'audit', event: view, delivery: 'exactly-once' },
    ])
  })

  it('drops what a rule drops, naming the rule', () => {
    const routes = compileRoutes([{ match: 'shop.*', drop: true, name: 'no-shop' }], defaults)
    const event = enriched({ type: 'shop.noise' })
    expect(routeEvents([event], routes)).toEqual({
      routed: [],
      dropped: [{ route: 'no-shop', reason: 'drop', event }],
    })
  })

  it('keeps about the sampled share, the same events on every attempt', () => {
    const routes = compileRoutes([{ match: 'clickstream.click', sample: 0.1 }], defaults)
    const events = Array.from({ length: 2000 }, () => enriched({ type: 'clickstream.click' }))
    const first = routeEvents(events, routes)
    expect(first.routed.length).toBeGreaterThan(140)
    expect(first.routed.length).toBeLessThan(260)
    expect(first.dropped.every((d) => d.reason === 'sampled')).toBe(true)
    expect(first.routed.length + first.dropped.length).toBe(2000)
    expect(routeEvents(events, routes).routed).toEqual(first.routed)
  })
})

describe('sampleKeeps', () => {
  it('keeps everything at 1 and nothing at 0', () => {
    expect(sampleKeeps('x', 1)).toBe(true)
    expect(sampleKeeps('x', 0)).toBe(false)
  })
})
