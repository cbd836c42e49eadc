import { describe, expect, it } from 'vitest'
import type { SdkEvent } from './event.js'
import { ANONYMOUS_ID_KEY, createIdentity, USER_ID_KEY } from './identity.js'
import { memoryStorage } from './memory-storage.test-helper.js'
import { createStore } from './storage.js'

const counter = () => {
  let n = 0
  return () => `id${++n}`
}
const event = (): SdkEvent => ({ specversion: '1.0', id: 'e', source: 's', type: 't' })

describe('createIdentity', () => {
  it('stamps the anonymous id, the session and its sequence, made once and kept', () => {
    const storage = memoryStorage()
    const identity = createIdentity(
      createStore(() => storage),
      counter(),
      false
    )
    const [first, second] = [event(), event()]
    identity.stamp(first, 0)
    identity.stamp(second, 1)
    expect(first).toMatchObject({ anonymousid: 'id1', sessionid: 'id2', seq: 1 })
    expect(second).toMatchObject({ anonymousid: 'id1', sessionid: 'id2', seq: 2 })
    expect(storage.getItem(ANONYMOUS_ID_KEY)).toBe('id1')
    // The page goes away: the session is written (it is written at most once a second otherwise).
    identity.save()
    const later = event()
    createIdentity(
      createStore(() => storage),
      counter(),
      false
    ).stamp(later, 2)
    expect(later).toMatchObject({ anonymousid: 'id1', sessionid: 'id2', seq: 3 })
  })

  it('replaces a stored anonymous id the schema would refuse', () => {
    const storage = memoryStorage()
    storage.setItem(ANONYMOUS_ID_KEY, 'x'.repeat(200))
    const stamped = event()
    createIdentity(
      createStore(() => storage),
      counter(),
      false
    ).stamp(stamped, 0)
    expect(stamped.anonymousid).toBe('id1')
  })

  it('adds the user id after identify, keeps it across loads, and forgets everything on reset', () => {
    const storage = memoryStorage()
    const newId = counter()
    const identity = createIdentity(
      createStore(() => storage),
      newId,
      false
    )
    expect(identity.identify('')).toBe(false)
    expect(identity.identify(42)).toBe(false)
    expect(identity.identify('u'.repeat(257))).toBe(false)
    expect(identity.identify('user-1')).toBe(true)
    const next = event()
    createIdentity(
      createStore(() => storage),
      newId,
      false
    ).stamp(next, 0)
    expect(next.userid).toBe('user-1')
    const before = event()
    identity.stamp(before, 0)
    identity.reset()
    expect(storage.getItem(USER_ID_KEY)).toBeNull()
    const after = event()
    identity.stamp(after, 1)
    expect(after.userid).toBeUndefined()
    expect(after.anonymousid).not.toBe(before.anonymousid)
    expect(after.sessionid).not.toBe(before.sessionid)
  })

  it('stamps no anonymous or session id cookieless, and stores nothing', () => {
    const storage = memoryStorage()
    const identity = createIdentity(
      createStore(() => storage),
      counter(),
      true
    )
    const stamped = event()
    identity.stamp(stamped, 0)
    expect(stamped).toEqual(event())
    expect(storage.length).toBe(0)
  })
})
