import { describe, expect, it } from 'vitest'
import { createLru } from './lru.js'

describe('createLru', () => {
  it('forgets the least recently used entry once full', () => {
    const lru = createLru<string, number>(2)
    lru.set('a', 1)
    lru.set('b', 2)
    expect(lru.get('a')).toBe(1)
    lru.set('c', 3)
    expect(lru.get('b')).toBeUndefined()
    expect(lru.get('a')).toBe(1)
    expect(lru.get('c')).toBe(3)
    expect(lru.size).toBe(2)
  })

  it('replaces a value without growing', () => {
    const lru = createLru<string, number>(2)
    lru.set('a', 1)
    lru.set('a', 2)
    expect(lru.size).toBe(1)
    expect(lru.get('a')).toBe(2)
  })

  it('updates a value in place without marking it as used, and adds an absent key as newest', () => {
    const lru = createLru<string, number>(2)
    lru.set('a', 1)
    lru.set('b', 2)
    lru.update('a', 10)
    lru.set('c', 3)
    // 'a' kept its place as the oldest: it goes first, its new value notwithstanding.
    expect(lru.get('a')).toBeUndefined()
    lru.update('d', 4)
    expect(lru.size).toBe(2)
    expect(lru.get('b')).toBeUndefined()
    expect(lru.get('c')).toBe(3)
    expect(lru.get('d')).toBe(4)
  })
})
