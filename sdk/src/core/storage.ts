/** The small key-value store the SDK keeps its ids in. */
export interface KeyValueStore {
  get(key: string): string | null
  set(key: string, value: string): void
}

/**
 * localStorage with a memory fallback: sandboxed iframes throw on access, Safari's private mode
 * and full quotas throw on write. A value that could not be persisted lives in memory for the
 * life of the page, and memory wins over the (then stale) stored value.
 */
export const createStore = (storage: () => Pick<Storage, 'getItem' | 'setItem'>): KeyValueStore => {
  const memory = new Map<string, string>()
  return {
    get: (key) => {
      if (memory.has(key)) return memory.get(key)!
      try {
        return storage().getItem(key)
      } catch {
        return null
      }
    },
    set: (key, value) => {
      try {
        storage().setItem(key, value)
        memory.delete(key)
      } catch {
        memory.set(key, value)
      }
    },
  }
}
