import { describe, expect, it } from 'vitest'
import { createStore } from './storage.js'

const mapStorage = () => {
  const map = new Map<string, string>()
  return {
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
  }
}

describe('createStore', () => {
  it('reads and writes through to the storage', () => {
    const storage = mapStorage()
    const store = createStore(() => storage)
    store.set('k', 'v')
    expect(storage.getItem('k')).toBe('v')
    expect(createStore(() => storage).get('k')).toBe('v')
  })

  it('keeps values in memory when the storage cannot be reached', () => {
    const store = createStore(() => {
      throw new DOMException('denied', 'SecurityError')
    })
    expect(store.get('k')).toBeNull()
    store.set('k', 'v')
    expect(store.get('k')).toBe('v')
  })

  it('prefers the memory copy when a write failed after an earlier one succeeded', () => {
    const storage = mapStorage()
    const store = createStore(() => storage)
    store.set('k', 'old')
    storage.setItem = () => {
      throw new DOMException('full', 'QuotaExceededError')
    }
    store.set('k', 'new')
    expect(store.get('k')).toBe('new')
  })
})
