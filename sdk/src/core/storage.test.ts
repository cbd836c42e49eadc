import { describe, expect, it } from 'vitest'
import { memoryStorage } from './memory-storage.test-helper.js'
import { createStore } from './storage.js'

describe('createStore', () => {
  it('reads, writes, lists and removes through to the storage', () => {
    const storage = memoryStorage()
    const store = createStore(() => storage)
    expect(store.set('k', 'v')).toBe(true)
    expect(storage.getItem('k')).toBe('v')
    expect(createStore(() => storage).get('k')).toBe('v')
    expect(store.keys()).toEqual(['k'])
    store.remove('k')
    expect(store.get('k')).toBeNull()
  })

  it('touches nothing while it may not use the storage', () => {
    const storage = memoryStorage()
    let allowed = false
    const store = createStore(() => allowed && storage)
    expect(store.set('k', 'v')).toBe(false)
    expect(storage.length).toBe(0)
    allowed = true
    expect(store.set('k', 'v')).toBe(true)
    allowed = false
    expect(store.get('k')).toBeNull()
    expect(store.keys()).toEqual([])
  })

  it('answers as if empty when the storage throws, and never throws itself', () => {
    const store = createStore(() => {
      throw new DOMException('denied', 'SecurityError')
    })
    expect(store.get('k')).toBeNull()
    expect(store.set('k', 'v')).toBe(false)
    expect(store.keys()).toEqual([])
    expect(() => store.remove('k')).not.toThrow()
    const full = memoryStorage()
    full.setItem = () => {
      throw new DOMException('full', 'QuotaExceededError')
    }
    expect(createStore(() => full).set('k', 'v')).toBe(false)
  })
})
