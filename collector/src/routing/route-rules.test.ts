import { describe, expect, it } from 'vitest'
import { ConfigError } from '../errors.js'
import { compileRoutes, globToRegExp, type RouteRule } from './route-rules.js'

const defaults = { topic: 'clickstream.events', sessionsTopic: 'clickstream.sessions' }

describe('globToRegExp', () => {
  it.each([
    ['clickstream.*', 'clickstream.page_view', true],
    ['clickstream.*', 'clickstreamXpage_view', false],
    ['clickstream.*', 'shop.checkout', false],
    ['*.click', 'clickstream.rage.click', true],
    ['shop.?', 'shop.a', true],
    ['shop.?', 'shop.ab', false],
    ['a+b', 'a+b', true],
  ])('%s matches %s: %s', (glob, type, expected) => {
    expect(globToRegExp(glob).test(type)).toBe(expected)
  })
})

describe('compileRoutes', () => {
  it('appends the defaults: session starts to the sessions topic, the rest to the events topic', () => {
    const routes = compileRoutes([], defaults)
    expect(routes.map((r) => [r.name, r.topics, r.delivery])).toEqual([
      ['default-sessions', ['clickstream.sessions'], 'at-least-once'],
      ['default', ['clickstream.events'], 'at-least-once'],
    ])
    expect(routes[0]!.matches('clickstream.session_start')).toBe(true)
    expect(routes[1]!.matches('anything')).toBe(true)
  })

  it('fills a rule’s defaults and keeps its fields', () => {
    const [rule] = compileRoutes(
      [
        {
          match: ['clickstream.click', 'clickstream.gesture'],
          sample: 0.1,
          delivery: 'at-most-once',
        },
      ],
      defaults
    )
    expect(rule).toMatchObject({
      name: 'clickstream.click,clickstream.gesture',
      topics: ['clickstream.events'],
      sample: 0.1,
      drop: false,
      delivery: 'at-most-once',
    })
  })

  it.each<[RouteRule, string]>([
    [{ match: [] }, 'routes[0].match'],
    [{ match: 'a', topics: ['bad topic'] }, 'routes[0].topics'],
    [{ match: 'a', topics: [] }, 'routes[0].topics'],
    [{ match: 'a', sample: 1.5 }, 'routes[0].sample'],
    [{ match: 'a', delivery: 'twice' as never }, 'routes[0].delivery'],
  ])('refuses %j naming %s', (rule, variable) => {
    let error: unknown
    try {
      compileRoutes([rule], defaults)
    } catch (thrown) {
      error = thrown
    }
    expect(error).toBeInstanceOf(ConfigError)
    expect(error).toMatchObject({ variable })
  })
})
