import { describe, expect, it } from 'vitest'
import { pageView } from '../testing/events.js'
import { needsDerivedVisitor, visitorIdOf } from './visitor-id.js'

const context = {
  cookieVisitorId: undefined,
  salt: 'salt-1',
  clientIp: '203.0.113.0',
  userAgent: 'UA',
}

describe('visitorIdOf', () => {
  it('prefers the first-party cookie, then the SDK anonymous id', () => {
    const event = pageView({ anonymousid: 'anon' })
    expect(visitorIdOf(event, { ...context, cookieVisitorId: 'cookie' })).toBe('cookie')
    expect(visitorIdOf(event, context)).toBe('anon')
    expect(needsDerivedVisitor(event, context)).toBe(false)
  })

  it('derives a stable id for clients without ids from salt, site, IP and user agent', () => {
    const event = pageView({ anonymousid: undefined })
    expect(needsDerivedVisitor(event, context)).toBe(true)
    const id = visitorIdOf(event, context)
    expect(id).toMatch(/^[0-9a-f]{32}$/)
    expect(visitorIdOf(event, context)).toBe(id)
    expect(id).not.toContain('203.0.113')
    for (const other of [
      { ...context, salt: 'salt-2' },
      { ...context, clientIp: '198.51.100.0' },
      { ...context, userAgent: 'UA2' },
    ]) {
      expect(visitorIdOf(event, other)).not.toBe(id)
    }
    expect(
      visitorIdOf(pageView({ anonymousid: undefined, source: 'https://b.example' }), context)
    ).not.toBe(id)
  })
})
