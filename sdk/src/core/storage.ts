/** The small key-value store the SDK keeps its ids and its queue in. */
export interface KeyValueStore {
  get(key: string): string | null
  /** Answers whether the value was stored. */
  set(key: string, value: string): boolean
  remove(key: string): void
  keys(): string[]
}

/**
 * localStorage when the SDK may use it (`storage` answers nothing when it may not: cookieless,
 * consent pending or denied). Every access is guarded: sandboxed iframes throw on access, Safari's
 * private mode and full quotas throw on write; the SDK then keeps what it needs in memory.
 */
export const createStore = (storage: () => Storage | false | undefined): KeyValueStore => {
  const use = <T>(fn: (s: Storage) => T, fallback: T): T => {
    try {
      const s = storage()
      if (s) return fn(s)
    } catch {
      // Unreachable or full: as if there were no storage.
    }
    return fallback
  }
  return {
    get: (key) => use((s) => s.getItem(key), null),
    set: (key, value) => use((s) => (s.setItem(key, value), true), false),
    remove: (key) => use((s) => s.removeItem(key), undefined),
    keys: () => use((s) => Object.keys(s), []),
  }
}
