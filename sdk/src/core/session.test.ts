import { describe, expect, it } from 'vitest'
import { anonymousId, ANONYMOUS_ID_KEY } from './anonymous-id.js'
import { createSession, SESSION_KEY, SESSION_TIMEOUT_MS } from './session.js'
import { createStore } from './storage.js'

const memoryStore = () => {
  const map = new Map<string, string>()
  return createStore(() => ({
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
  }))
}

const counter = (prefix: string) => {
  let n = 0
  return () => `${prefix}${++n}`
}

describe('createSession', () => {
  it('numbers the events of a session from 1', () => {
    const next = createSession(memoryStore(), counter('s'))
    expect([next(0), next(1000), next(2000)]).toEqual([
      { id: 's1', seq: 1 },
      { id: 's1', seq: 2 },
      { id: 's1', seq: 3 },
    ])
  })

  it('starts a new session after 30 minutes of inactivity', () => {
    const next = createSession(memoryStore(), counter('s'))
    next(0)
    expect(next(SESSION_TIMEOUT_MS)).toEqual({ id: 's1', seq: 2 })
    expect(next(2 * SESSION_TIMEOUT_MS + 1)).toEqual({ id: 's2', seq: 1 })
  })

  it('measures inactivity from the last event, not the first', () => {
    const next = createSession(memoryStore(), counter('s'))
    for (let at = 0; at <= 3 * SESSION_TIMEOUT_MS; at += SESSION_TIMEOUT_MS / 2) next(at)
    expect(next(3 * SESSION_TIMEOUT_MS + 1000).id).toBe('s1')
  })

  it('continues the session and its sequence on the next page load', () => {
    const store = memoryStore()
    createSession(store, counter('s'))(0)
    const nextPage = createSession(store, counter('other'))
    expect(nextPage(5000)).toEqual({ id: 's1', seq: 2 })
  })

  it('starts afresh when the stored session is corrupt', () => {
    const store = memoryStore()
    store.set(SESSION_KEY, '{not json')
    expect(createSession(store, counter('s'))(0)).toEqual({ id: 's1', seq: 1 })
    store.set(SESSION_KEY, '{"id":5}')
    expect(createSession(store, counter('t'))(0)).toEqual({ id: 't1', seq: 1 })
  })

  it('does not expire a session when the clock is set back', () => {
    const next = createSession(memoryStore(), counter('s'))
    next(10 * SESSION_TIMEOUT_MS)
    next(0)
    expect(next(10 * SESSION_TIMEOUT_MS + 1000)).toEqual({ id: 's1', seq: 3 })
  })
})

describe('anonymousId', () => {
  it('makes an id once and keeps it', () => {
    const store = memoryStore()
    const newId = counter('a')
    expect(anonymousId(store, newId)).toBe('a1')
    expect(anonymousId(store, newId)).toBe('a1')
    expect(store.get(ANONYMOUS_ID_KEY)).toBe('a1')
  })
})
