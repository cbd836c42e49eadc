/** A bounded map of the most recently set keys. */
export interface RecentMap<K, V> {
  get(key: K): V | undefined
  /** Sets `key`: a present key is updated in place, an absent one comes in as the newest. */
  set(key: K, value: V): void
  /** Sets `key` as one of the newest, wherever it was: an LRU's use of a key. */
  renew(key: K, value: V): void
  delete(key: K): boolean
  readonly size: number
}

/**
 * Creates a {@link RecentMap} holding at most `maxEntries` keys and at least the newest half of
 * them (rounded up), in two generations: keys come into the young one, and once it holds half
 * of `maxEntries` it becomes the old one and the old one is dropped whole.
 *
 * An LRU in one `Map` deletes a key for every key it adds once full, and V8 compacts a `Map`
 * whose deleted slots fill its table in one go: at 200,000 keys that stops the event loop for
 * 15–30 ms every 300,000 or so keys added. Here no key is deleted to make room, so the longest
 * stop is a young generation growing (about 3 ms at 65,536 keys).
 */
export function createRecentMap<K, V>(maxEntries: number): RecentMap<K, V> {
  const generation = Math.max(1, Math.ceil(maxEntries / 2))
  let young = new Map<K, V>()
  let old = new Map<K, V>()
  const addYoung = (key: K, value: V) => {
    young.set(key, value)
    if (young.size >= generation) {
      old = young
      young = new Map()
    }
  }
  return {
    get(key) {
      const value = young.get(key)
      return value === undefined ? old.get(key) : value
    },
    set(key, value) {
      if (old.has(key)) {
        old.set(key, value)
        return
      }
      // In place when present; the young generation is below its size then, so it stays.
      addYoung(key, value)
    },
    renew(key, value) {
      // V8 compacts a Map on delete only once it is under a quarter full, so deleting from the old
      // generation never rehashes it at full size.
      old.delete(key)
      addYoung(key, value)
    },
    delete: (key) => young.delete(key) || old.delete(key),
    get size() {
      return young.size + old.size
    },
  }
}
