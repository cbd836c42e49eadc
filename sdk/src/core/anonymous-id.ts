import type { KeyValueStore } from './storage.js'

/** localStorage key of the anonymous visitor id. */
export const ANONYMOUS_ID_KEY = 'cs_aid'

/** The visitor's anonymous id from the store, made and stored on the first visit. */
export const anonymousId = (store: KeyValueStore, newId: () => string): string => {
  let id = store.get(ANONYMOUS_ID_KEY)
  // The schema caps ids at 128 characters; anything else in the slot is not ours.
  if (!id || id.length > 128) store.set(ANONYMOUS_ID_KEY, (id = newId()))
  return id
}
