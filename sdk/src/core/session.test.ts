import { describe, expect, it } from 'vitest'
import { memoryStorage } from './memory-storage.test-helper.js'
import {
  campaignOf,
  createSession,
  SESSION_KEY,
  SESSION_MAX_MS,
  SESSION_TIMEOUT_MS,
} from './session.js'
import { createStore } from './storage.js'

const memoryStore = () => {
  const storage = memoryStorage()
  return createStore(() => storage)
}

const counter = (prefix: string) => {
  let n = 0
  return () => `${prefix}${++n}`
}

const position = ({ id, seq }: { id: string; seq: number }) => ({ id, seq })

describe('createSession', () => {
  it('takes another tab’s newer session, but not a write older than its own', () => {
    const { next, sync } = createSession(memoryStore(), counter('s'))
    next(1000)
    const stale = JSON.stringify({ id: 's1', s: 1000, at: 1500, seq: 2 })
    next(2000)
    next(3000)
    // Its previous page's last write arrives after this page numbered events 2 and 3.
    sync(stale)
    expect(position(next(4000))).toEqual({ id: 's1', seq: 4 })
    sync(JSON.stringify({ id: 's1', s: 1000, at: 4500, seq: 7 }))
    expect(position(next(5000))).toEqual({ id: 's1', seq: 8 })
    sync(JSON.stringify({ id: 'other', s: 5500, at: 5500, seq: 1 }))
    expect(position(next(6000))).toEqual({ id: 'other', seq: 2 })
  })

  it('numbers the events of a session from 1', () => {
    const { next } = createSession(memoryStore(), counter('s'))
    expect([next(0), next(1000), next(2000)].map(position)).toEqual([
      { id: 's1', seq: 1 },
      { id: 's1', seq: 2 },
      { id: 's1', seq: 3 },
    ])
  })

  it('starts a new session after 30 minutes of inactivity, measured from the last event', () => {
    const { next } = createSession(memoryStore(), counter('s'))
    for (let at = 0; at <= 3 * SESSION_TIMEOUT_MS; at += SESSION_TIMEOUT_MS / 2) next(at)
    expect(next(4 * SESSION_TIMEOUT_MS).id).toBe('s1')
    expect(position(next(5 * SESSION_TIMEOUT_MS + 1))).toEqual({ id: 's2', seq: 1 })
  })

  it('starts a new session after 24 hours however active the visitor is', () => {
    const { next } = createSession(memoryStore(), counter('s'))
    for (let at = 0; at < SESSION_MAX_MS; at += SESSION_TIMEOUT_MS / 2) next(at)
    expect(next(SESSION_MAX_MS).id).toBe('s1')
    expect(next(SESSION_MAX_MS + 1).id).toBe('s2')
  })

  it('starts a new session when a page view brings another campaign, not when it brings none', () => {
    const { next } = createSession(memoryStore(), counter('s'))
    next(0, 'news|mail|spring')
    expect(next(1000).id).toBe('s1')
    expect(next(2000, 'news|mail|spring').id).toBe('s1')
    expect(next(3000, 'ads|cpc|summer').id).toBe('s2')
  })

  it('continues the session and its sequence on the next page load, and in other tabs', () => {
    const store = memoryStore()
    createSession(store, counter('s')).next(0)
    expect(position(createSession(store, counter('other')).next(5000))).toEqual({
      id: 's1',
      seq: 2,
    })
  })

  it('starts afresh when the stored session is corrupt or from an older version', () => {
    const store = memoryStore()
    store.set(SESSION_KEY, '{not json')
    expect(position(createSession(store, counter('s')).next(0))).toEqual({ id: 's1', seq: 1 })
    store.set(SESSION_KEY, '{"id":"old","at":0,"seq":4}')
    expect(createSession(store, counter('t')).next(0).id).toBe('t1')
  })

  it('keeps counting in memory when it cannot store', () => {
    const { next } = createSession(
      createStore(() => undefined),
      counter('s')
    )
    expect([next(0), next(1)].map(position)).toEqual([
      { id: 's1', seq: 1 },
      { id: 's1', seq: 2 },
    ])
  })

  it('does not expire a session when the clock is set back', () => {
    const { next } = createSession(memoryStore(), counter('s'))
    next(10 * SESSION_TIMEOUT_MS)
    next(0)
    expect(position(next(10 * SESSION_TIMEOUT_MS + 1000))).toEqual({ id: 's1', seq: 3 })
  })

  it('starts a new session after reset', () => {
    const store = memoryStore()
    const session = createSession(store, counter('s'))
    session.next(0)
    session.reset()
    expect(store.get(SESSION_KEY)).toBeNull()
    expect(session.next(1).id).toBe('s2')
  })
})

describe('campaignOf', () => {
  it('keys a campaign by UTM source, medium and campaign, as the collector does', () => {
    expect(campaignOf('?utm_source=news&utm_medium=mail&utm_campaign=spring&x=1')).toBe(
      'news|mail|spring'
    )
    expect(campaignOf('?utm_campaign=spring')).toBe('||spring')
  })

  it('answers undefined without UTM parameters', () => {
    expect(campaignOf('')).toBeUndefined()
    expect(campaignOf('?utm_term=shoes')).toBeUndefined()
  })
})
