/** A bounded map that forgets its least recently used entry first. */
export interface Lru<K, V> {
  /** The value of `key`, marking it as just used. */
  get(key: K): V | undefined
  /** Sets `key`, dropping the least recently used entry when over `maxEntries`. */
  set(key: K, value: V): void
  /**
   * Sets `key` without marking it as used: a present key keeps its place, an absent one comes in
   * as the most recent. One map operation instead of `set`'s two for a key just looked up.
   */
  update(key: K, value: V): void
  delete(key: K): boolean
  readonly size: number
}

/**
 * Creates an {@link Lru} holding at most `maxEntries`. A `Map` keeps insertion order, so moving a
 * key to the end on each use makes its first key the least recently used one.
 */
export function createLru<K, V>(maxEntries: number): Lru<K, V> {
  const map = new Map<K, V>()
  // One live iterator for eviction: a fresh `map.keys()` per eviction re-walks every deleted
  // slot at the front of V8's table (tens of µs once the map is full). Map iterators are live
  // (ECMA-262 §24.1.5), and everything before this one's position was deleted, so its next key
  // is always the oldest live one.
  let oldest = map.keys()
  const evictOldest = () => {
    let next = oldest.next()
    if (next.done) {
      oldest = map.keys()
      next = oldest.next()
    }
    if (!next.done) map.delete(next.value)
  }
  return {
    get(key) {
      const value = map.get(key)
      if (value !== undefined) {
        map.delete(key)
        map.set(key, value)
      }
      return value
    },
    set(key, value) {
      map.delete(key)
      map.set(key, value)
      if (map.size > maxEntries) evictOldest()
    },
    update(key, value) {
      const size = map.size
      map.set(key, value)
      if (map.size > size && map.size > maxEntries) evictOldest()
    },
    delete: (key) => map.delete(key),
    get size() {
      return map.size
    },
  }
}
