import type { Consent } from '../options.js'
import type { KeyValueStore } from './storage.js'

/** localStorage key of the visitor's decision, so a page load need not ask again. */
export const CONSENT_KEY = 'cs_consent'

/** Events captured while consent is pending, at most: the oldest go first. */
const MAX_PENDING = 1000

/**
 * The consent gate, starting in the visitor's remembered decision, else `initial` (anything but
 * `pending` or `denied` is `granted`). `granted` records what is captured, `pending` keeps it in
 * memory (nothing touches storage) until `granted` records it or `denied` drops it, `denied`
 * drops everything and calls `forget` to remove what the SDK stored. A decision is remembered in
 * `store`.
 */
export const createConsent = (initial: Consent, store: KeyValueStore, forget: () => void) => {
  const remembered = store.get(CONSENT_KEY)
  let state: Consent =
    remembered === 'granted' || remembered === 'denied'
      ? remembered
      : initial === 'pending' || initial === 'denied'
        ? initial
        : 'granted'
  let pending: (() => void)[] = []
  return {
    state: () => state,
    /** Runs `record` for one captured event now, later or never, as the current mode says. */
    capture: (record: () => void): void => {
      if (state === 'granted') record()
      else if (state === 'pending' && pending.push(record) > MAX_PENDING) pending.shift()
    },
    /** Applies a decision; answers false for anything but `granted` or `denied`. */
    set: (decision: unknown, remember = true): boolean => {
      if (decision !== 'granted' && decision !== 'denied') return false
      state = decision
      if (remember) store.set(CONSENT_KEY, decision)
      const buffered = pending
      pending = []
      if (decision === 'granted') buffered.forEach((record) => record())
      else forget()
      return true
    },
  }
}
